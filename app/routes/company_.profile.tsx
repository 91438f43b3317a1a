// The company profile: the company's admins edit it (audited), its members read it. The name and 法人番号 come from
// the organisation. The logo is a separate form (multipart), checked by its bytes.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember, requireMemberWith, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, TextField, FieldError } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { TextAreaField } from "~/components/pitch-form";
import {
  MAX_LOGO_BYTES,
  parseProfileForm,
  profileFormValues,
  PROFILE_PRODUCTS_MAX,
  PROFILE_SUMMARY_MAX,
  type ProfileFormValues,
} from "~/domain/companies/company-profile.schema";
import {
  removeCompanyLogo,
  saveCompanyProfile,
  uploadCompanyLogo,
} from "~/domain/companies/company-profiles.commands.server";
import { getOwnCompanyProfile } from "~/domain/companies/company-profiles.queries.server";
import { INDUSTRIES, industryLabel, PREFECTURE_REGIONS } from "~/domain/companies/industries.data";
import { THEMES } from "~/domain/pitches/catalog.data";
import { listPrefectures } from "~/domain/reference/reference.queries.server";
import { handle, type Refusal } from "~/web/http.server";
import { isMultipart, runUploadForm } from "~/web/uploads.server";
import { confirmWith } from "~/web/confirm";
import { intent, runIntent } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "会社プロフィール | ガバメントピッチ・マッチング" }];

interface ProfileFailure {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: ProfileFormValues;
}

function failure(fail: Partial<ProfileFailure>, status = 400) {
  return json<ProfileFailure>(
    { fieldErrors: fail.fieldErrors ?? {}, formError: fail.formError, values: fail.values ?? {} },
    { status },
  );
}

const UNKNOWN_FIELDS = "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.company" });
  const { organization, profile } = await getOwnCompanyProfile(actor);
  const prefectures = await listPrefectures();
  return json({
    organization: { id: organization.id, name: organization.name, corporateNumber: organization.corporate_number },
    profile: profile
      ? {
          summary: profile.summary,
          industries: profile.industries,
          servesNationwide: profile.serves_nationwide,
          prefectureCodes: profile.prefecture_codes,
          themes: profile.themes,
          products: profile.products,
          websiteUrl: profile.website_url,
          contactName: profile.contact_name,
          contactEmail: profile.contact_email,
          contactPhone: profile.contact_phone,
          published: profile.published,
          hasLogo: profile.logo_storage_key !== null,
          updatedAt: profile.updated_at,
        }
      : null,
    prefectures,
    canEdit: can(actor, { action: "companyProfile.edit", organizationId: actor.membership.organizationId }),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "companyProfile.edit", organizationId: actor.membership.organizationId });
  const path = "/company/profile";
  if (isMultipart(request)) {
    return runUploadForm(request, {
      intent: "uploadLogo",
      field: "logo",
      limits: { maxFileBytes: MAX_LOGO_BYTES },
      noFile: "ロゴの画像ファイルを選んでください。",
      tooLarge: "ロゴの画像が大きすぎます。2MB以下のファイルを選んでください。",
      run: (file) => uploadCompanyLogo(actor, { bytes: file.bytes }),
      done: { path, notice: "company-logo-saved" },
    });
  }
  const formData = await readForm(request);
  const refuse = (refusal: Refusal, form: FormData) =>
    failure({ ...refusal, values: profileFormValues(form) }, refusal.status);
  return runIntent(
    formData,
    {
      removeLogo: intent({
        parse: (form) =>
          [...form.keys()].some((k) => k !== "intent")
            ? { ok: false, fieldErrors: {}, formError: UNKNOWN_FIELDS, values: {} }
            : { ok: true, data: null },
        run: () => removeCompanyLogo(actor),
        done: { path, notice: "company-logo-removed" },
      }),
      save: intent({
        parse: parseProfileForm,
        run: (data) => saveCompanyProfile(actor, data),
        done: { path, notice: "company-profile-saved" },
      }),
    },
    // A logo that is already gone is said on the form, not as an error page.
    { refuse, showOnForm: (error) => (error.code === "not_found" ? 400 : undefined) },
  );
});

function CheckboxList({
  name,
  legend,
  options,
  selected,
  error,
  hint,
}: {
  name: string;
  legend: string;
  options: readonly { code: string | number; label: string }[];
  selected: readonly string[];
  error?: string;
  hint?: string;
}) {
  return (
    <fieldset
      className={`field${error ? " field--invalid" : ""}`}
      aria-describedby={error ? `${name}-error` : undefined}
    >
      <legend>{legend}</legend>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <div className="checkbox-grid">
        {options.map((o) => (
          <label key={o.code} className="checkbox">
            <input
              type="checkbox"
              name={name}
              value={String(o.code)}
              defaultChecked={selected.includes(String(o.code))}
            />{" "}
            {o.label}
          </label>
        ))}
      </div>
      <FieldError id={`${name}-error`} message={error} />
    </fieldset>
  );
}

export default function CompanyProfilePage() {
  const { organization, profile, prefectures, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<ProfileFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const saved: ProfileFormValues = profile
    ? {
        summary: profile.summary,
        industries: profile.industries,
        servesNationwide: profile.servesNationwide ? "on" : "",
        prefectureCodes: profile.prefectureCodes.map(String),
        themes: profile.themes,
        products: profile.products,
        websiteUrl: profile.websiteUrl,
        contactName: profile.contactName,
        contactEmail: profile.contactEmail,
        contactPhone: profile.contactPhone,
        published: profile.published ? "on" : "",
      }
    : { published: "on" };
  // After a refused post, show exactly what was typed (an unticked box is absent from the post).
  const v: ProfileFormValues = result?.values && Object.keys(result.values).length > 0 ? result.values : saved;
  const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  const list = (k: string) =>
    Array.isArray(v[k]) ? (v[k] as string[]) : typeof v[k] === "string" && v[k] ? [v[k] as string] : [];
  const formKey = JSON.stringify(v);
  return (
    <>
      <h1>会社プロフィール</h1>
      {result ? null : <NoticeFromUrl />}
      <FormAlert message={result?.formError} />
      <section className="card">
        <dl className="facts">
          <dt>会社名</dt>
          <dd>{organization.name}</dd>
          <dt>法人番号</dt>
          <dd>{organization.corporateNumber}</dd>
          <dt>公開ページ</dt>
          <dd>
            <Link to={`/companies/${organization.id}`}>
              {profile?.published ? "公開中のページを見る" : "プレビュー（非公開）"}
            </Link>
          </dd>
          {profile ? (
            <>
              <dt>最終更新</dt>
              <dd>{formatDateTime(profile.updatedAt)}</dd>
            </>
          ) : null}
        </dl>
        <p className="small muted">
          会社名と法人番号は<Link to="/org">組織の情報</Link>から変わります。
        </p>
      </section>
      {!canEdit ? (
        <ReadOnlyProfile profile={profile} prefectures={prefectures} />
      ) : (
        <>
          <Form method="post" className="stack-fields" key={formKey} noValidate>
            <input type="hidden" name="intent" value="save" />
            <TextAreaField
              name="summary"
              label="会社の紹介"
              required
              maxLength={PROFILE_SUMMARY_MAX}
              defaultValue={str("summary")}
              error={errors.summary}
              hint="自治体の方に向けて、どんな地域課題に取り組んできたかを書いてください。"
            />
            <CheckboxList
              name="industries"
              legend="業種（必須）"
              options={INDUSTRIES}
              selected={list("industries")}
              error={errors.industries}
            />
            <fieldset className={`field${errors.prefectureCodes ? " field--invalid" : ""}`}>
              <legend>対応地域（必須）</legend>
              <label className="checkbox">
                <input type="checkbox" name="servesNationwide" defaultChecked={str("servesNationwide") === "on"} />{" "}
                全国対応
              </label>
              <p className="field__hint">全国対応でない場合は、対応できる都道府県を選んでください。</p>
              {PREFECTURE_REGIONS.map((region) => (
                <div key={region.label} className="checkbox-region">
                  <p className="small">
                    <strong>{region.label}</strong>
                  </p>
                  <div className="checkbox-grid">
                    {prefectures
                      .filter((p) => p.code >= region.from && p.code <= region.to)
                      .map((p) => (
                        <label key={p.code} className="checkbox">
                          <input
                            type="checkbox"
                            name="prefectureCodes"
                            value={String(p.code)}
                            defaultChecked={list("prefectureCodes").includes(String(p.code))}
                          />{" "}
                          {p.name}
                        </label>
                      ))}
                  </div>
                </div>
              ))}
              {errors.prefectureCodes ? (
                <p className="field__error" role="alert">
                  {errors.prefectureCodes}
                </p>
              ) : null}
            </fieldset>
            <CheckboxList
              name="themes"
              legend="得意なテーマ"
              options={THEMES}
              selected={list("themes")}
              error={errors.themes}
              hint="おすすめの課題の選定に使います。"
            />
            <TextAreaField
              name="products"
              label="製品・サービス"
              maxLength={PROFILE_PRODUCTS_MAX}
              defaultValue={str("products")}
              error={errors.products}
            />
            <TextField
              name="websiteUrl"
              label="ウェブサイト"
              type="url"
              inputMode="url"
              defaultValue={str("websiteUrl")}
              error={errors.websiteUrl}
              hint="https:// から入力してください。"
            />
            <h2>担当窓口</h2>
            <p className="small muted">担当窓口は、ログインした自治体・地方局の方にだけ表示されます。</p>
            <TextField
              name="contactName"
              label="担当者名"
              defaultValue={str("contactName")}
              error={errors.contactName}
              autoComplete="name"
            />
            <TextField
              name="contactEmail"
              label="メールアドレス"
              type="email"
              defaultValue={str("contactEmail")}
              error={errors.contactEmail}
              autoComplete="email"
            />
            <TextField
              name="contactPhone"
              label="電話番号"
              type="tel"
              defaultValue={str("contactPhone")}
              error={errors.contactPhone}
              autoComplete="tel"
            />
            <label className="checkbox">
              <input type="checkbox" name="published" defaultChecked={str("published") === "on"} />{" "}
              プロフィールを公開する（誰でも閲覧できます）
            </label>
            <p className="actions">
              <button type="submit" className="button" disabled={busy}>
                保存する
              </button>
            </p>
          </Form>
          <section className="card">
            <h2>ロゴ</h2>
            {profile?.hasLogo ? (
              <p>
                <img
                  src={`/companies/${organization.id}/logo`}
                  alt={`${organization.name}のロゴ`}
                  className="company-logo"
                />
              </p>
            ) : (
              <p className="empty">ロゴは登録されていません。</p>
            )}
            <Form method="post" encType="multipart/form-data" className="stack-fields">
              <input type="hidden" name="intent" value="uploadLogo" />
              <TextField
                name="logo"
                label="ロゴ画像"
                type="file"
                accept="image/png,image/jpeg"
                error={errors.logo}
                hint="PNGまたはJPEG、2MBまで。"
              />
              <p className="actions">
                <button type="submit" className="button button--secondary" disabled={busy}>
                  ロゴを登録
                </button>
              </p>
            </Form>
            {profile?.hasLogo ? (
              <Form method="post" onSubmit={confirmWith("ロゴを削除しますか？")}>
                <input type="hidden" name="intent" value="removeLogo" />
                <button type="submit" className="button button--danger" disabled={busy}>
                  ロゴを削除
                </button>
              </Form>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function ReadOnlyProfile({
  profile,
  prefectures,
}: {
  profile: LoaderData["profile"];
  prefectures: LoaderData["prefectures"];
}) {
  if (!profile) {
    return <p className="empty">会社プロフィールはまだ作成されていません。組織の管理者が作成できます。</p>;
  }
  const themeLabels = profile.themes.map((c) => THEMES.find((t) => t.code === c)?.label ?? c);
  const prefectureNames = prefectures.filter((p) => profile.prefectureCodes.includes(p.code)).map((p) => p.name);
  return (
    <section className="card">
      <p className="small muted">プロフィールの編集は組織の管理者が行います。</p>
      <dl className="facts">
        <dt>会社の紹介</dt>
        <dd className="pre-wrap">{profile.summary}</dd>
        <dt>業種</dt>
        <dd>{profile.industries.map(industryLabel).join("、")}</dd>
        <dt>対応地域</dt>
        <dd>{profile.servesNationwide ? "全国" : prefectureNames.join("、")}</dd>
        <dt>得意なテーマ</dt>
        <dd>{themeLabels.join("、") || "—"}</dd>
        <dt>製品・サービス</dt>
        <dd className="pre-wrap">{profile.products || "—"}</dd>
        <dt>ウェブサイト</dt>
        <dd>{profile.websiteUrl || "—"}</dd>
        <dt>担当窓口</dt>
        <dd>{[profile.contactName, profile.contactEmail, profile.contactPhone].filter(Boolean).join("／") || "—"}</dd>
        <dt>公開</dt>
        <dd>{profile.published ? "公開中" : "非公開"}</dd>
      </dl>
    </section>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { SelectField, TextField, FieldError } from "./form-field";

export interface OrganizationFieldOptions {
  prefectures: { code: number; name: string }[];
  bureaus: { id: string; name: string; ministry: string }[];
}

type Kind = "company" | "municipality" | "bureau";

const kindOptions: { value: Kind; label: string; hint: string }[] = [
  { value: "company", label: "企業・団体", hint: "課題を探し、解決策を提案します。" },
  {
    value: "municipality",
    label: "自治体（市区町村）",
    hint: "地域の課題を発信し、提案を審査します。運営事務局の確認後に公開できます。",
  },
  {
    value: "bureau",
    label: "地方経済産業局・地方厚生局",
    hint: "管内のピッチと実証を見守ります。運営事務局の確認後に利用できます。",
  },
];

/** The organisation part of sign-up and onboarding. Without JavaScript every section shows. */
export function OrganizationFields({
  options,
  values,
  errors,
}: {
  options: OrganizationFieldOptions;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const [kind, setKind] = useState<Kind>((values.organizationKind as Kind) || "company");
  const [hydrated, setHydrated] = useState(false);
  const [prefecture, setPrefecture] = useState(values.prefectureCode ?? "");
  const municipalities = useFetcher<{ municipalities?: { code: string; name: string }[] }>();
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (prefecture) municipalities.load(`/api/municipalities?prefecture=${prefecture}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the fetcher is a new object each render: load on a new prefecture only
  }, [prefecture]);
  const hidden = (k: Kind) => hydrated && kind !== k;

  return (
    <>
      <fieldset>
        <legend>登録する組織の種類</legend>
        <div
          className="radio-group"
          role="radiogroup"
          aria-describedby={errors.organizationKind ? "organizationKind-error" : undefined}
        >
          {kindOptions.map((option) => (
            <label key={option.value}>
              <input
                type="radio"
                name="organizationKind"
                value={option.value}
                checked={kind === option.value}
                onChange={() => setKind(option.value)}
              />
              <span>
                <strong>{option.label}</strong>
                <br />
                <span className="small muted">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldError id="organizationKind-error" message={errors.organizationKind} />
      </fieldset>

      <fieldset hidden={hidden("company")}>
        <legend>企業・団体の情報</legend>
        <div className="stack-fields">
          <TextField
            name="companyName"
            label="法人名"
            defaultValue={values.companyName}
            error={errors.companyName}
            autoComplete="organization"
          />
          <TextField
            name="corporateNumber"
            label="法人番号（13桁）"
            inputMode="numeric"
            defaultValue={values.corporateNumber}
            error={errors.corporateNumber}
            hint="国税庁の法人番号公表サイトで確認できます。全角・ハイフン入りでも入力できます。"
          />
        </div>
      </fieldset>

      <fieldset hidden={hidden("municipality")}>
        <legend>自治体の情報</legend>
        <SelectField
          name="prefectureCode"
          label="都道府県"
          value={prefecture}
          onChange={(e) => setPrefecture(e.target.value)}
          error={errors.prefectureCode}
        >
          <option value="">選択してください</option>
          {options.prefectures.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <TextField
          name="municipalityName"
          label="市区町村名"
          list="municipality-options"
          defaultValue={values.municipalityName}
          error={errors.municipalityName}
          hint="正式名称で入力してください（例: 美唄市、江差町、札幌市中央区）。"
        />
        <datalist id="municipality-options">
          {(municipalities.data?.municipalities ?? []).map((m) => (
            <option key={m.code} value={m.name} />
          ))}
        </datalist>
      </fieldset>

      <fieldset hidden={hidden("bureau")}>
        <legend>地方局の情報</legend>
        <SelectField name="bureauId" label="所属する局" defaultValue={values.bureauId ?? ""} error={errors.bureauId}>
          <option value="">選択してください</option>
          <optgroup label="経済産業省">
            {options.bureaus
              .filter((b) => b.ministry === "meti")
              .map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
          </optgroup>
          <optgroup label="厚生労働省">
            {options.bureaus
              .filter((b) => b.ministry === "mhlw")
              .map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
          </optgroup>
        </SelectField>
      </fieldset>
    </>
  );
}

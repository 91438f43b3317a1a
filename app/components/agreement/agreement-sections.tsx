// Parts of the agreement page: where the signatures stand (with the sign button), the version history and the
// "new version" form. Data comes from the page's loader; every form posts to the page's action.
import { Form, Link } from "@remix-run/react";
import type { AgreementSide } from "@db/schema";
import type { AgreementProblem } from "~/domain/pilots/agreement.rules";
import { AGREEMENT_NOTE_MAX } from "~/domain/pilots/agreement.schema";
import { confirmWith } from "~/web/confirm";
import { TextField } from "../form-field";
import { formatDateTime } from "~/lib/format";

const SIDES: AgreementSide[] = ["municipality", "company"];
const SIDE_LABELS: Record<AgreementSide, string> = { municipality: "自治体", company: "企業" };

export interface SignatureItem {
  side: AgreementSide;
  organizationName: string;
  signerName: string;
  signedAt: string;
}

export interface VersionSummary {
  id: string;
  number: number;
  changeNote: string;
  locked: boolean;
  createdAt: string;
  createdByName: string | null;
  updatedAt: string;
  updatedByName: string | null;
  signatures: SignatureItem[];
}

export function SignatureList({
  signatures,
  parties,
}: {
  signatures: SignatureItem[];
  parties: { municipalityName: string; companyName: string };
}) {
  return (
    <ul className="signature-list">
      {SIDES.map((side) => {
        const s = signatures.find((x) => x.side === side);
        const name = side === "municipality" ? parties.municipalityName : parties.companyName;
        return (
          <li key={side}>
            <span className="signature-list__party">
              {SIDE_LABELS[side]}（{name}）
            </span>
            {s ? (
              <span>
                <span className="badge badge--ok">署名済み</span> {s.signerName}・{formatDateTime(s.signedAt)}
              </span>
            ) : (
              <span>
                <span className="badge badge--warn">未署名</span>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function SignPanel({
  latest,
  ownSide,
  ownOrganizationName,
  canSign,
  problems,
  editPath,
  editing,
  busy,
}: {
  latest: VersionSummary;
  ownSide: AgreementSide | null;
  ownOrganizationName: string;
  canSign: boolean;
  problems: AgreementProblem[];
  /** The editor's address, when the viewer may edit the latest version (the missing items link into it). */
  editPath: string | null;
  /** The editor is open on this page: sign only what has been saved. */
  editing: boolean;
  busy: boolean;
}) {
  if (!ownSide) return null;
  const signed = latest.signatures.some((s) => s.side === ownSide);
  if (signed) return <p>第{latest.number}版には、貴組織の署名があります。</p>;
  if (problems.length > 0) {
    return (
      <div className="alert alert--warn" role="status">
        <p>第{latest.number}版に署名するには、次の項目を入力して保存してください。</p>
        <ul>
          {problems.map((p) => (
            <li key={`${p.field}-${p.message}`}>
              {editPath ? <Link to={`${editPath}#${p.field}`}>{p.message}</Link> : p.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (!canSign)
    return (
      <p className="muted">
        署名は、確認済みの組織の管理者が行います。内容に問題がなければ、管理者に署名を依頼してください。
      </p>
    );
  if (editing) return <p className="muted">編集中です。署名は、変更を保存するか編集をやめてから行えます。</p>;
  const message = `第${latest.number}版に${ownOrganizationName}として署名します。署名後はこの版を変更できません。`;
  return (
    <Form method="post" className="stack-fields" onSubmit={confirmWith(message)}>
      <input type="hidden" name="intent" value="sign" />
      <input type="hidden" name="versionId" value={latest.id} />
      <input type="hidden" name="expectedUpdatedAt" value={latest.updatedAt} />
      <p className="small">
        保存されている第{latest.number}版の内容（{formatDateTime(latest.updatedAt)}
        更新）に署名します。署名すると、この版は変更できなくなります。
      </p>
      <button type="submit" className="button" disabled={busy}>
        第{latest.number}版に{ownOrganizationName}として署名する
      </button>
    </Form>
  );
}

export function NewVersionForm({
  latest,
  values,
  errors,
  busy,
}: {
  latest: VersionSummary;
  values: Record<string, string>;
  errors: Record<string, string>;
  busy: boolean;
}) {
  return (
    <Form method="post" className="stack-fields" noValidate>
      <input type="hidden" name="intent" value="new_version" />
      <input type="hidden" name="versionId" value={latest.id} />
      <p>
        第{latest.number}版は署名済みのため変更できません。内容を変えるときは、第{latest.number}版を写した第
        {latest.number + 1}版を作成して編集し、双方があらためて署名します。
      </p>
      <TextField
        name="changeNote"
        label="変更の説明（新しい版を作る理由）"
        required
        maxLength={AGREEMENT_NOTE_MAX}
        defaultValue={values.changeNote ?? ""}
        error={errors.changeNote}
      />
      <button type="submit" className="button button--secondary" disabled={busy}>
        新しい版を作成
      </button>
    </Form>
  );
}

export function VersionHistory({
  pilotId,
  versions,
  signedVersionId,
  shownNumber,
}: {
  pilotId: string;
  versions: VersionSummary[];
  signedVersionId: string | null;
  shownNumber: number;
}) {
  return (
    <ol className="version-list" reversed>
      {versions.map((v) => (
        <li key={v.id} className="version-list__item">
          <p className="version-list__title">
            <strong>第{v.number}版</strong>
            {v.id === signedVersionId ? <span className="badge badge--ok">締結済み（現在有効）</span> : null}
            {v.locked && v.id !== signedVersionId ? (
              <span className="badge badge--muted">署名あり・変更不可</span>
            ) : null}
            {!v.locked ? <span className="badge badge--warn">編集中</span> : null}
            {v.number === shownNumber ? <span className="badge badge--muted">表示中</span> : null}
          </p>
          <p className="small">
            作成: {formatDateTime(v.createdAt)}
            {v.createdByName ? `（${v.createdByName}）` : ""}
            {v.updatedAt !== v.createdAt
              ? ` ／ 最終更新: ${formatDateTime(v.updatedAt)}${v.updatedByName ? `（${v.updatedByName}）` : ""}`
              : ""}
          </p>
          <p className="small">変更の説明: {v.changeNote || "（なし）"}</p>
          <p className="small">
            署名:{" "}
            {v.signatures.length === 0
              ? "なし"
              : v.signatures
                  .map((s) => `${SIDE_LABELS[s.side]} ${s.signerName}（${formatDateTime(s.signedAt)}）`)
                  .join("、")}
          </p>
          <p className="small actions">
            <Link to={`/pilots/${pilotId}/agreement?version=${v.number}#agreement-heading`}>第{v.number}版を表示</Link>
            <Link to={`/pilots/${pilotId}/agreement/print?version=${v.number}`}>印刷用</Link>
            <a href={`/pilots/${pilotId}/agreement.pdf?version=${v.number}`} download>
              PDF
            </a>
          </p>
        </li>
      ))}
    </ol>
  );
}

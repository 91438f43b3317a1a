// The differences between two agreement versions. Marked by words and by <ins>/<del> (and only then by colour), so
// that the change is clear to screen readers, in print and without colour vision.
import { foldUnchanged, type AgreementChange, type LineChange } from "~/domain/pilots/agreement-diff.rules";

function Tag({ type }: { type: "added" | "removed" | "changed" }) {
  const text = type === "added" ? "追加" : type === "removed" ? "削除" : "変更";
  return <span className={`diff-tag diff-tag--${type}`}>{text}</span>;
}

function Lines({ lines }: { lines: LineChange[] }) {
  return (
    <ul className="diff-lines">
      {foldUnchanged(lines).map((line, i) =>
        line.type === "skipped" ? (
          <li key={i} className="diff-line diff-line--skipped">
            …（変更のない{line.count}行）
          </li>
        ) : line.type === "same" ? (
          <li key={i} className="diff-line diff-line--same">
            <span className="diff-tag diff-tag--same">変更なし</span>
            <span className="pre-wrap">{line.text || " "}</span>
          </li>
        ) : line.type === "added" ? (
          <li key={i} className="diff-line diff-line--added">
            <Tag type="added" />
            <ins className="pre-wrap">{line.text || "（空行）"}</ins>
          </li>
        ) : (
          <li key={i} className="diff-line diff-line--removed">
            <Tag type="removed" />
            <del className="pre-wrap">{line.text || "（空行）"}</del>
          </li>
        ),
      )}
    </ul>
  );
}

function FromTo({ from, to }: { from: string; to: string }) {
  return (
    <p className="diff-fromto">
      <span className="diff-line diff-line--removed">
        <span className="diff-tag diff-tag--removed">変更前</span>
        <del>{from}</del>
      </span>
      <span className="diff-line diff-line--added">
        <span className="diff-tag diff-tag--added">変更後</span>
        <ins>{to}</ins>
      </span>
    </p>
  );
}

export function AgreementDiffView({ changes }: { changes: AgreementChange[] }) {
  if (changes.length === 0) return <p className="muted">内容の違いはありません。</p>;
  return (
    <dl className="agreement-diff">
      {changes.map((c) => (
        <div key={c.field} className="agreement-diff__item">
          <dt>{c.label}</dt>
          <dd>
            {c.kind === "text" ? <Lines lines={c.lines} /> : null}
            {c.kind === "value" ? <FromTo from={c.from} to={c.to} /> : null}
            {c.kind === "rows" ? (
              <ul className="diff-lines">
                {c.rows.map((r, i) => (
                  <li key={i} className={`diff-line diff-line--${r.type}`}>
                    <Tag type={r.type} />
                    {r.type === "added" ? (
                      <ins>{r.row}</ins>
                    ) : r.type === "removed" ? (
                      <del>{r.row}</del>
                    ) : (
                      <span>{r.row}</span>
                    )}
                    {r.type === "changed" ? (
                      <ul className="diff-fields">
                        {r.fields.map((f) => (
                          <li key={f.label}>
                            {f.label}: <del>{f.from}</del> → <ins>{f.to}</ins>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

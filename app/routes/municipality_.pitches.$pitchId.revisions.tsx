import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMemberWith } from "~/auth/guards.server";
import { formatDateTime } from "~/lib/format";
import { TableWrap } from "~/components/table-wrap";
import type { RevisionContent } from "~/domain/pitches/pitch-revision.rules";
import { diffRevisions, listRevisions, type FieldChange } from "~/domain/pitches/pitches.owner.queries.server";
import { handle } from "~/web/http.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction = () => [{ title: "ピッチの変更履歴 | ガバメントピッチ・マッチング" }];

const CompareSchema = z.object({
  from: z.coerce.number().int().min(1).optional().catch(undefined),
  to: z.coerce.number().int().min(1).optional().catch(undefined),
});

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  const { pitch, revisions } = await listRevisions(actor, params.pitchId ?? "");
  const url = new URL(request.url);
  const query = CompareSchema.parse({
    from: url.searchParams.get("from") ?? undefined,
    to: url.searchParams.get("to") ?? undefined,
  });
  const byNumber = new Map(revisions.map((r) => [r.number, r]));
  const content = (n: number) => byNumber.get(n)?.content as Partial<RevisionContent> | undefined;
  const history = revisions.map((r) => ({
    number: r.number,
    changeNote: r.change_note,
    createdAt: r.created_at,
    author: r.author,
    changes: r.number > 1 && content(r.number - 1) ? diffRevisions(content(r.number - 1)!, content(r.number)!) : null,
  }));
  let comparison: { from: number; to: number; changes: FieldChange[] } | null = null;
  if (query.from && query.to && content(query.from) && content(query.to)) {
    comparison = { from: query.from, to: query.to, changes: diffRevisions(content(query.from)!, content(query.to)!) };
  }
  return json({ pitch: { id: pitch.id, title: pitch.title }, history, comparison });
});

function ChangeTable({ changes, label }: { changes: FieldChange[]; label: string }) {
  if (changes.length === 0) return <p className="muted">内容の変更はありません。</p>;
  return (
    <TableWrap label={label}>
      <table className="change-table">
        <thead>
          <tr>
            <th scope="col">項目</th>
            <th scope="col">変更前</th>
            <th scope="col">変更後</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              <td className="pitch-text">{c.from}</td>
              <td className="pitch-text">{c.to}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export default function PitchRevisions() {
  const { pitch, history, comparison } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/municipality/pitches", label: "課題（ピッチ）" },
          { to: `/municipality/pitches/${pitch.id}`, label: pitch.title },
        ]}
        current={"変更履歴"}
      />
      <h1>変更履歴: {pitch.title}</h1>
      {history.length === 0 ? (
        <p className="empty">まだ公開されていないため、履歴はありません。</p>
      ) : (
        <>
          {history.length > 1 ? (
            <Form method="get" className="card actions">
              <label>
                比較元{" "}
                <select name="from" defaultValue={comparison?.from ?? history[history.length - 1]?.number}>
                  {history.map((h) => (
                    <option key={h.number} value={h.number}>
                      第{h.number}版
                    </option>
                  ))}
                </select>
              </label>
              <label>
                比較先{" "}
                <select name="to" defaultValue={comparison?.to ?? history[0]?.number}>
                  {history.map((h) => (
                    <option key={h.number} value={h.number}>
                      第{h.number}版
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="button button--secondary button--small">
                比較する
              </button>
            </Form>
          ) : null}
          {comparison ? (
            <section className="card" aria-labelledby="comparison-title">
              <h2 id="comparison-title">
                第{comparison.from}版と第{comparison.to}版の違い
              </h2>
              <ChangeTable changes={comparison.changes} label="選んだ版の違い" />
            </section>
          ) : null}
          {history.map((h) => (
            <section key={h.number} className="card" aria-labelledby={`revision-${h.number}`}>
              <h2 id={`revision-${h.number}`}>第{h.number}版</h2>
              <p className="small muted">
                {formatDateTime(h.createdAt)}
                {h.author ? `・${h.author}` : null}
              </p>
              <p className="pitch-text">{h.changeNote || "（説明なし）"}</p>
              {h.changes ? (
                <details>
                  <summary>
                    第{h.number - 1}版からの変更（{h.changes.length}項目）
                  </summary>
                  <ChangeTable changes={h.changes} label={`第${h.number}版の変更`} />
                </details>
              ) : null}
            </section>
          ))}
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

import { formatDateJa } from "~/lib/format";

/**
 * A record's municipality as it was made: its name and, once abolished (廃置分合), the date and the current
 * successor(s), so that a reader of an old pitch or organisation finds today's municipality.
 */
export function MunicipalityName({
  name,
  abolishedOn,
  successors,
}: {
  name: string;
  abolishedOn: string | null;
  successors: readonly { code: string; name: string }[];
}) {
  if (!abolishedOn) return <>{name}</>;
  return (
    <>
      {name}
      <span className="small muted">
        （{formatDateJa(abolishedOn)}に廃止
        {successors.length > 0 ? `。現在は${successors.map((s) => s.name).join("・")}` : ""}）
      </span>
    </>
  );
}

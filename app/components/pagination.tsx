import { Link, useSearchParams } from "@remix-run/react";

export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  return (
    <nav className="pagination" aria-label="ページ送り">
      {page > 1 ? <Link to={href(page - 1)}>← 前へ</Link> : null}
      <span>
        {page} / {pages} ページ（全{total}件）
      </span>
      {page < pages ? <Link to={href(page + 1)}>次へ →</Link> : null}
    </nav>
  );
}

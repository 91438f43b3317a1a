// Where a deep page sits (デジタル庁 design system's breadcrumb pattern): the viewer's home, then each level as a link,
// then the page itself, marked as the current one. Replaces the single 「← 一覧」 link of the deep pages.
import { Link, useRouteLoaderData } from "@remix-run/react";
import type { OrganizationKind } from "@db/schema";
import type { Viewer } from "./layout";

export interface Crumb {
  to: string;
  label: string;
}

const HOME_OF: Record<OrganizationKind, string> = {
  municipality: "/municipality",
  company: "/company",
  bureau: "/bureau",
  operator: "/admin",
};

export function Breadcrumbs({ trail, current }: { trail: readonly Crumb[]; current: string }) {
  // The root loader's viewer (components may not import the root module).
  const viewer = useRouteLoaderData<{ viewer: Viewer | null }>("root")?.viewer;
  const kind = viewer?.organization?.kind;
  const home: Crumb = { to: kind ? HOME_OF[kind] : "/", label: "ホーム" };
  return (
    <nav aria-label="現在位置" className="breadcrumbs">
      <ol>
        {[home, ...trail].map((c) => (
          <li key={c.to}>
            <Link to={c.to}>{c.label}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

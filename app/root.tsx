import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
// The デジタル庁 design system's tokens (colours, type, radii, elevation) as CSS custom properties; app.css maps its
// own names onto them, so a token update reaches every page.
import designTokens from "@digital-go-jp/design-tokens/dist/tokens.css";
import stylesheet from "~/styles/app.css";
import { getActor } from "~/auth/guards.server";
import { secondFactorWouldUnlock } from "~/auth/permissions";
import { ErrorPage, SecondFactorReminder } from "~/components/error-page";
import { SiteFooter, SiteHeader } from "~/components/layout";
import { useNonce } from "~/components/nonce";
import { navCounts } from "~/domain/home/nav-counts.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: designTokens },
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "ガバメントピッチ・マッチング" },
  {
    name: "description",
    content: "自治体の地域課題と企業の解決策をつなぐ、住民参画・官民連携推進事業のマッチング基盤",
  },
];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  // One statement per signed-in page view (capped, indexed counts) for the badges in the header.
  const counts = actor ? await navCounts(db(), actor) : { unread: 0, byPath: {} };
  return json({
    viewer: actor
      ? {
          displayName: actor.displayName,
          organization: actor.membership
            ? {
                name: actor.membership.organizationName,
                kind: actor.membership.kind,
                role: actor.membership.role,
                verificationStatus: actor.membership.verificationStatus,
              }
            : null,
          unreadNotifications: counts.unread,
          navCounts: counts.byPath,
          secondFactorNeeded: secondFactorWouldUnlock(actor),
        }
      : null,
  });
});

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

export function useViewer() {
  return useRouteLoaderData<typeof loader>("root")?.viewer ?? null;
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const nonce = useNonce();
  return (
    <html lang="ja">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
        {/* Without JavaScript the menu button cannot open the menu: show the menu instead. */}
        <noscript>
          <style>{".site-nav[data-open=false]{display:block!important}.menu-button{display:none!important}"}</style>
        </noscript>
      </head>
      <body>
        <a className="skip-link" href="#main">
          本文へ移動
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * A route whose module exports `handle = { bare: true }` (a print view) is a document of its own: no site header,
 * navigation or footer around it.
 */
export interface RouteHandle {
  bare?: boolean;
}

function useBare(): boolean {
  return useMatches().some((m) => (m.handle as RouteHandle | undefined)?.bare === true);
}

export default function App() {
  const { viewer } = useLoaderData<typeof loader>();
  const bare = useBare();
  if (bare) {
    return (
      <Document>
        <main id="main" className="bare">
          <Outlet />
        </main>
      </Document>
    );
  }
  return (
    <Document>
      <SiteHeader viewer={viewer} />
      <main id="main" className="container">
        {viewer?.secondFactorNeeded ? <SecondFactorReminder /> : null}
        <Outlet />
      </main>
      <SiteFooter />
    </Document>
  );
}

export function ErrorBoundary() {
  // When a page's loader fails, the root loader has usually run: keep the signed-in header.
  const viewer = useViewer();
  return (
    <Document title="エラー | ガバメントピッチ・マッチング">
      <SiteHeader viewer={viewer} />
      <main id="main" className="container">
        <ErrorPage />
      </main>
      <SiteFooter />
    </Document>
  );
}

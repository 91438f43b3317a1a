import { Form, NavLink } from "@remix-run/react";
import type { OrganizationKind } from "@db/schema";
import { notificationsLabel } from "~/domain/notifications/notifications.schema";

export interface Viewer {
  displayName: string;
  organization: { name: string; kind: OrganizationKind; role: string; verificationStatus: string } | null;
  /** Unread notifications (capped), for the badge. */
  unreadNotifications?: number;
}

const workspaceByKind: Record<OrganizationKind, { to: string; label: string }[]> = {
  company: [
    { to: "/company", label: "企業ダッシュボード" },
    { to: "/company/proposals", label: "提案" },
    { to: "/pilots", label: "実証" },
    { to: "/company/saved-searches", label: "保存した検索条件" },
    { to: "/company/profile", label: "会社プロフィール" },
    { to: "/company/recommendations", label: "おすすめの課題" },
    { to: "/company/payouts", label: "受取口座（Stripe）" },
  ],
  municipality: [
    { to: "/municipality", label: "自治体ダッシュボード" },
    { to: "/municipality/pitches", label: "課題（ピッチ）" },
    { to: "/municipality/questions", label: "質問への回答" },
    { to: "/municipality/events", label: "ピッチイベント" },
    { to: "/pilots", label: "実証" },
    { to: "/municipality/budgets", label: "予算" },
    { to: "/municipality/self-evaluation", label: "自己評価" },
  ],
  bureau: [
    { to: "/bureau", label: "地方局ダッシュボード" },
    { to: "/bureau/monitoring", label: "モニタリング" },
    { to: "/bureau/events", label: "ピッチイベント" },
  ],
  operator: [
    { to: "/admin", label: "運営管理" },
    { to: "/admin/organizations", label: "組織の確認" },
    { to: "/bureau/monitoring", label: "モニタリング" },
  ],
};

export function SiteHeader({ viewer }: { viewer: Viewer | null }) {
  const browse = { to: "/pitches", label: "ピッチを探す" };
  const events = { to: "/events", label: "ピッチイベント" };
  const links = [
    browse,
    ...(viewer?.organization && viewer.organization.kind !== "company" ? [] : [events]),
    ...(viewer
      ? viewer.organization
        ? [
            ...workspaceByKind[viewer.organization.kind],
            { to: "/org", label: "組織" },
            { to: "/account", label: "アカウント" },
          ]
        : [
            { to: "/onboarding", label: "組織を登録" },
            { to: "/account", label: "アカウント" },
          ]
      : [
          { to: "/login", label: "ログイン" },
          { to: "/signup", label: "新規登録" },
        ]),
  ];
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <a href="/" className="brand">
          <span className="brand__name">ガバメントピッチ・マッチング</span>
          <span className="brand__sub">住民参画・官民連携推進事業</span>
        </a>
        <nav aria-label="メインメニュー" className="site-nav">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink
                  to={link.to}
                  end={
                    link.to === "/admin" ||
                    link.to === "/municipality" ||
                    link.to === "/bureau" ||
                    link.to === "/company"
                  }
                >
                  {link.label}
                </NavLink>
              </li>
            ))}
            {viewer ? (
              <li>
                <NavLink to="/notifications">
                  お知らせ
                  {viewer.unreadNotifications ? (
                    <>
                      <span className="badge badge--warn" aria-hidden="true">
                        {viewer.unreadNotifications >= 100 ? "99+" : viewer.unreadNotifications}
                      </span>
                      <span className="sr-only">
                        {notificationsLabel(viewer.unreadNotifications).replace(/^お知らせ/, "")}
                      </span>
                    </>
                  ) : null}
                </NavLink>
              </li>
            ) : null}
            {viewer ? (
              <li>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">
                    ログアウト
                  </button>
                </Form>
              </li>
            ) : null}
          </ul>
        </nav>
      </div>
      {viewer ? (
        <div className="viewer-bar">
          <div className="container">
            <span>{viewer.displayName} さん</span>
            {viewer.organization ? (
              <span>
                ｜{viewer.organization.name}（{viewer.organization.role === "admin" ? "管理者" : "メンバー"}）
                {viewer.organization.verificationStatus !== "verified" && viewer.organization.kind !== "company" ? (
                  <span className="badge badge--warn">未確認</span>
                ) : null}
              </span>
            ) : null}
          </div>
        </div>
      ) : null}
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>ガバメントピッチ・マッチング — 自治体の地域課題と企業の解決策をつなぎ、実証から自走までを支えます。</p>
        <p>
          <a href="/cases">実証の事例</a>｜<a href="/healthz">稼働状況</a>
        </p>
      </div>
    </footer>
  );
}

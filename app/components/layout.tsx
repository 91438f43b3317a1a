import { useEffect, useRef, useState, type ReactNode } from "react";
import { Form, NavLink, useLocation } from "@remix-run/react";
import type { OrganizationKind } from "@db/schema";
import { notificationsLabel } from "~/domain/notifications/notifications.schema";

export interface Viewer {
  displayName: string;
  organization: { name: string; kind: OrganizationKind; role: string; verificationStatus: string } | null;
  /** Unread notifications (capped), for the badge. */
  unreadNotifications?: number;
  /** What waits behind each navigation path (capped; only those above zero). */
  navCounts?: Record<string, number>;
}

interface NavLinkItem {
  to: string;
  label: string;
}
interface NavGroup {
  label: string;
  items: NavLinkItem[];
}
type NavItem = NavLinkItem | NavGroup;

// At most seven entries per role (お知らせ and the account menu included), the rest grouped by task.
const navByKind: Record<OrganizationKind, NavItem[]> = {
  company: [
    { to: "/company", label: "ホーム" },
    {
      label: "課題を探す",
      items: [
        { to: "/pitches", label: "ピッチを探す" },
        { to: "/company/recommendations", label: "おすすめの課題" },
        { to: "/company/saved-searches", label: "保存した検索条件" },
        { to: "/events", label: "ピッチイベント" },
      ],
    },
    { to: "/company/proposals", label: "提案" },
    { to: "/pilots", label: "実証" },
    {
      label: "会社",
      items: [
        { to: "/company/profile", label: "会社プロフィール" },
        { to: "/company/payouts", label: "受取口座" },
        { to: "/org", label: "組織とメンバー" },
      ],
    },
  ],
  municipality: [
    { to: "/municipality", label: "ホーム" },
    {
      label: "課題・公募",
      items: [
        { to: "/municipality/pitches", label: "課題（ピッチ）" },
        { to: "/municipality/questions", label: "質問への回答" },
        { to: "/municipality/events", label: "ピッチイベント" },
        { to: "/pitches", label: "公開中のピッチを見る" },
      ],
    },
    {
      label: "実証・資金",
      items: [
        { to: "/pilots", label: "実証" },
        { to: "/municipality/budgets", label: "予算" },
      ],
    },
    {
      label: "成果",
      items: [
        { to: "/municipality/self-evaluation", label: "自己評価" },
        { to: "/cases", label: "実証の事例" },
      ],
    },
    { to: "/org", label: "組織" },
  ],
  bureau: [
    { to: "/bureau", label: "ホーム" },
    { to: "/bureau/monitoring", label: "モニタリング" },
    { to: "/bureau/events", label: "ピッチイベント" },
    { to: "/pitches", label: "ピッチを探す" },
    { to: "/org", label: "組織" },
  ],
  operator: [
    { to: "/admin", label: "運営管理" },
    { to: "/admin/organizations", label: "組織の確認" },
    { to: "/bureau/monitoring", label: "モニタリング" },
    { to: "/pitches", label: "ピッチを探す" },
    { to: "/org", label: "組織" },
  ],
};

const visitorNav: NavItem[] = [
  { to: "/pitches", label: "ピッチを探す" },
  { to: "/events", label: "ピッチイベント" },
  { to: "/cases", label: "実証の事例" },
  { to: "/login", label: "ログイン" },
  { to: "/signup", label: "新規登録" },
];

/** The entries a viewer sees, besides お知らせ and the account menu (exported for the navigation tests). */
export function navItemsFor(viewer: Viewer | null): NavItem[] {
  if (!viewer) return visitorNav;
  if (!viewer.organization)
    return [
      { to: "/pitches", label: "ピッチを探す" },
      { to: "/onboarding", label: "組織を登録" },
    ];
  return navByKind[viewer.organization.kind];
}

const homes = new Set(["/admin", "/municipality", "/bureau", "/company"]);

const shownCount = (n: number) => (n >= 100 ? "99+" : String(n));

/** A figure beside an entry: shown as a badge, read out as 「対応待ち N件」. */
function CountBadge({ count }: { count: number | undefined }) {
  if (!count) return null;
  return (
    <>
      <span className="badge badge--warn" aria-hidden="true">
        {shownCount(count)}
      </span>
      <span className="sr-only">（対応待ち {shownCount(count)}件）</span>
    </>
  );
}

function TopLink({ item, count }: { item: NavLinkItem; count?: number }) {
  return (
    <NavLink to={item.to} end={homes.has(item.to)}>
      {item.label}
      <CountBadge count={count} />
    </NavLink>
  );
}

function Group({
  group,
  active,
  count,
  children,
}: {
  group: { label: string };
  active?: boolean;
  count?: number;
  children: ReactNode;
}) {
  return (
    <details className="nav-group">
      <summary className={active ? "active" : undefined}>
        {group.label}
        <CountBadge count={count} />
      </summary>
      <ul className="nav-group__items">{children}</ul>
    </details>
  );
}

export function SiteHeader({ viewer }: { viewer: Viewer | null }) {
  const [open, setOpen] = useState(false);
  const navRef = useRef<HTMLElement>(null);
  const location = useLocation();
  // A page change (a link followed, a form sent) closes the phone menu and any open group.
  useEffect(() => {
    setOpen(false);
    navRef.current?.querySelectorAll("details[open]").forEach((d) => d.removeAttribute("open"));
  }, [location.pathname, location.search]);
  // A click elsewhere, or Escape, closes an open group.
  useEffect(() => {
    const closeGroups = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== "Escape") return;
      if (event.type === "click" && navRef.current?.contains(event.target as Node)) return;
      navRef.current?.querySelectorAll("details[open]").forEach((d) => d.removeAttribute("open"));
    };
    document.addEventListener("click", closeGroups);
    document.addEventListener("keydown", closeGroups);
    return () => {
      document.removeEventListener("click", closeGroups);
      document.removeEventListener("keydown", closeGroups);
    };
  }, []);
  const within = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);
  const items = navItemsFor(viewer);
  const counts = viewer?.navCounts ?? {};
  const groupCount = (group: NavGroup) => group.items.reduce((sum, link) => sum + (counts[link.to] ?? 0), 0);
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <a href="/" className="brand">
          <span className="brand__name">ガバメントピッチ・マッチング</span>
          <span className="brand__sub">住民参画・官民連携推進事業</span>
        </a>
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="site-nav"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "閉じる" : "メニュー"}
          {viewer?.unreadNotifications ? (
            <span className="badge badge--warn" aria-hidden="true">
              {viewer.unreadNotifications >= 100 ? "99+" : viewer.unreadNotifications}
            </span>
          ) : null}
        </button>
        <nav aria-label="メインメニュー" className="site-nav" id="site-nav" data-open={open} ref={navRef}>
          <ul>
            {items.map((item) => (
              <li key={item.label}>
                {"items" in item ? (
                  <Group group={item} active={item.items.some((link) => within(link.to))} count={groupCount(item)}>
                    {item.items.map((link) => (
                      <li key={link.to}>
                        <TopLink item={link} count={counts[link.to]} />
                      </li>
                    ))}
                  </Group>
                ) : (
                  <TopLink item={item} count={counts[item.to]} />
                )}
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
                <Group group={{ label: "アカウント" }}>
                  <li>
                    <NavLink to="/account">アカウント設定</NavLink>
                  </li>
                  <li>
                    <Form method="post" action="/logout">
                      <button type="submit" className="link-button">
                        ログアウト
                      </button>
                    </Form>
                  </li>
                </Group>
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

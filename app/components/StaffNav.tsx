import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { allows } from "~/accounts/access";
import { useTranslation } from "react-i18next";
import type { RootData } from "~/root";

const OFFICER_LINKS = [
  { to: "/can-bo", key: "households", end: true },
  { to: "/can-bo/ho/moi", key: "register", end: true },
  { to: "/can-bo/nhap", key: "import", end: false },
  { to: "/can-bo/tong-quan", key: "dashboard", end: true },
  { to: "/can-bo/don-hang", key: "orders", end: true },
  { to: "/can-bo/khieu-nai", key: "complaints", end: false },
  { to: "/can-bo/gia-ca", key: "prices", end: true },
] as const;

const ADMIN_LINKS = [
  { to: "/quan-tri/nhat-ky", key: "activity", end: true },
  { to: "/quan-tri/du-lieu", key: "personalData", end: true },
  { to: "/quan-tri/thanh-toan", key: "payouts", end: true },
  { to: "/quan-tri/doi-soat", key: "reconciliation", end: true },
  { to: "/quan-tri/chi-tieu", key: "targets", end: true },
  { to: "/quan-tri/danh-gia", key: "reviews", end: true },
  { to: "/quan-tri/tin-nhan", key: "messages", end: true },
  { to: "/quan-tri/mat-hang", key: "commodities", end: true },
  { to: "/quan-tri/cho", key: "markets", end: true },
  { to: "/quan-tri/gia", key: "priceCorrections", end: true },
] as const;

/** The officer's (and administrator's) workspace: one row of links above every /can-bo and /quan-tri page. */
export function StaffNav() {
  const { t } = useTranslation();
  const user = useRouteLoaderData<RootData>("root")?.user;
  if (!allows(user, "useOfficerWorkspace")) return null;
  const links = allows(user, "administer") ? [...OFFICER_LINKS, ...ADMIN_LINKS] : OFFICER_LINKS;
  return (
    <nav aria-label={t("staffNav.label")} className="staff-nav">
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.end} prefetch="none">
              {t(`staffNav.${link.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

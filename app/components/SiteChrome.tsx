import { Form, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { allows } from "~/accounts/access";
import { useTranslation } from "react-i18next";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import type { RootData } from "~/root";

export function SiteHeader() {
  const { t } = useTranslation();
  const cartCount = useRouteLoaderData<RootData>("root")?.cartCount ?? 0;
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t("nav.skipToContent")}
      </a>
      <div className="container header-row">
        <Link to="/" className="brand">
          <LogoMark /> {t("appName")}
        </Link>
        {/* Wide enough: the links in a row. Narrower (a small phone, or 200 % zoom): a menu that opens without
            JavaScript, so the header stays one line and never fills the first screen. CSS shows one of the two. */}
        <nav aria-label={t("nav.main")} className="header-nav header-nav-wide">
          <NavLinks />
        </nav>
        <div className="header-tools">
          <CartLink count={cartCount} />
          <LanguageSwitcher className="header-lang-wide" />
        </div>
        <details className="header-menu">
          <summary>{t("nav.menu")}</summary>
          <nav aria-label={t("nav.main")} className="header-nav">
            <NavLinks />
            <LanguageSwitcher />
          </nav>
        </details>
      </div>
    </header>
  );
}

function NavLinks() {
  const { t } = useTranslation();
  const user = useRouteLoaderData<RootData>("root")?.user;
  return (
    <>
      {user ? (
        <>
          {allows(user, "sell") ? <Link to="/ban-hang">{t("nav.sell")}</Link> : null}
          {allows(user, "buy") ? <Link to="/don-hang">{t("nav.orders")}</Link> : null}
          {allows(user, "useOfficerWorkspace") ? <Link to="/can-bo">{t("nav.officer")}</Link> : null}
          <Link to="/tai-khoan">{t("nav.account")}</Link>
          <Form method="post" action="/dang-xuat">
            <button type="submit" className="link-button">
              {t("nav.logout")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <Link to="/dang-nhap">{t("nav.login")}</Link>
          <Link to="/dang-ky" className="button button-small">
            {t("nav.signup")}
          </Link>
        </>
      )}
      <Link to="/gia-ca">{t("nav.prices")}</Link>
    </>
  );
}

/**
 * The cart link with a badge of how many products it holds. The number is read out from hidden text
 * after the visible word, not from an aria-label: a spoken name must begin with what is seen on the
 * link (WCAG 2.5.3), so a voice user can say "Giỏ hàng" to tap it.
 */
function CartLink({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <Link to="/gio-hang" className="cart-link">
      {t("nav.cart")}
      {count > 0 ? (
        <>
          <span className="cart-badge" aria-hidden="true">
            {count > 99 ? "99+" : count}
          </span>
          <span className="visually-hidden">{t("nav.cartCount", { count })}</span>
        </>
      ) : null}
    </Link>
  );
}

/** A plain POST form: works without JavaScript, returns to the same page. */
function LanguageSwitcher({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const current = i18n.language;
  return (
    <Form method="post" action="/ngon-ngu" className={className ? `language-switcher ${className}` : "language-switcher"} aria-label={t("language.switch")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {SUPPORTED_LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={current === locale}
          className="lang-button"
        >
          {locale === "vi" ? "VI" : "EN"}
          <span className="visually-hidden"> {t(`language.${locale}`)}</span>
        </button>
      ))}
    </Form>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t("footer.about")}</p>
        <p className="muted">{t("footer.data")}</p>
      </div>
    </footer>
  );
}

/** A leaf drawn inline: no image request, and no reliance on an emoji font. */
function LogoMark() {
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" fill="#fff" />
      <path d="M6 17c0-6 4-10 12-11-1 8-5 12-11 12" fill="#5fb37c" />
      <path d="M6 18c3-4 6-7 9-9" stroke="#1f6f3f" strokeWidth="1.5" fill="none" strokeLinecap="round" />
    </svg>
  );
}

import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Picture } from "~/listings/Picture";
import { formatMoney } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { CATEGORIES, CERTIFICATIONS, type Category } from "~/listings/options";
import type { ListingCard } from "./catalog.server";
import { CATEGORY_COLORS, categoryPath } from "./categories";
import { zaloUrl } from "~/lib/phone";
import { pagerSlots } from "./pager";

/** Catalog components shared by the home, search, category, listing and shop pages. No server code. */

export function Price({ vnd, unit }: { vnd: number; unit: string }) {
  const { t } = useTranslation("catalog");
  const locale = useLocale();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const unitLabel = t(`common:units.${unit}` as any) as string;
  return (
    <span className="price">
      {formatMoney(vnd, locale)} <small>{t("perUnit", { unit: unitLabel })}</small>
    </span>
  );
}

/** Cards with 4:3 image boxes sized by width/height: the grid never shifts as photos load. */
function ProductCard({ card, priority, eager }: { card: ListingCard & { notes?: string[] }; priority?: boolean; eager?: boolean }) {
  const { t } = useTranslation("catalog");
  return (
    <article className="product-card">
      <Link to={card.path} prefetch="none">
        {card.cover ? (
          <Picture
            hash={card.cover.hash}
            width={card.cover.width}
            height={card.cover.height}
            alt={card.title}
            // the grid's column: half the phone less the page's padding, the gap and the card's border (so a
            // 412 px phone at 1.75× takes the 320 px file, not the 640), a quarter from 720 px, at most 260 px
            sizes="(min-width: 1080px) 260px, (min-width: 720px) 25vw, calc(50vw - 1.5rem)"
            priority={priority}
            eager={eager}
            className="thumb"
          />
        ) : (
          <span className="thumb-empty">{t("noPhoto")}</span>
        )}
        <span className="body">
          <h3>{card.title}</h3>
          <Price vnd={card.priceVnd} unit={card.unit} />
          <span className="meta">{card.sellerName}</span>
          <span className="meta">{card.communeName}</span>
          {card.notes?.length ? (
            <span className="badges" aria-label={t("searchNotices.notesLabel")}>
              {card.notes.map((note) => (
                // eslint-disable-next-line @typescript-eslint/no-explicit-any
                <span key={note} className="badge">{t(`searchNotices.notes.${note}` as any)}</span>
              ))}
            </span>
          ) : null}
        </span>
      </Link>
    </article>
  );
}

/** The first row (two cards at 360 px) loads at once, the first card with a photo (the largest paint) with high priority; the rest lazily. */
export function ProductGrid({ cards, label, eagerCount = 0 }: { cards: Array<ListingCard & { notes?: string[] }>; label: string; eagerCount?: number }) {
  // The largest paint is the first card with a photo (a card without one shows only text).
  const firstPhoto = cards.findIndex((card) => card.cover);
  return (
    <ul className="grid" aria-label={label}>
      {cards.map((card, index) => (
        <li key={card.id}>
          <ProductCard card={card} priority={index === firstPhoto && eagerCount > 0} eager={index < eagerCount} />
        </li>
      ))}
    </ul>
  );
}

function CategoryMark({ category }: { category: Category }) {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
      <circle cx="14" cy="14" r="13" fill={CATEGORY_COLORS[category]} />
      <path d="M9 16c0-4 3-7 10-8-1 6-4 9-9 9" fill="#fff" opacity="0.85" />
    </svg>
  );
}

export function CategoryList() {
  const { t } = useTranslation("catalog");
  return (
    <ul className="category-list">
      {CATEGORIES.map((category) => (
        <li key={category}>
          <Link to={categoryPath(category)} prefetch="none">
            <CategoryMark category={category} />
            {t(`categories.${category}`)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function SearchBar({ defaultValue }: { defaultValue?: string }) {
  const { t } = useTranslation("catalog");
  return (
    <Form method="get" action="/tim-kiem" role="search" className="search-bar">
      <label htmlFor="q" className="visually-hidden">
        {t("search.label")}
      </label>
      <input id="q" type="search" name="q" defaultValue={defaultValue} placeholder={t("search.placeholder")} enterKeyHint="search" />
      <button type="submit" className="button">
        {t("search.submit")}
      </button>
    </Form>
  );
}

interface FilterValues {
  q?: string;
  category?: string;
  commune?: string;
  certification?: string;
  minPrice?: number;
  maxPrice?: number;
  sort?: string;
}

/** Filters and sort as a plain GET form: works without JavaScript, every state is a shareable URL. */
export function FilterForm({
  action,
  values,
  communes,
  showCategory,
  showRelevance,
}: {
  action: string;
  values: FilterValues;
  communes: Array<{ code: string; name: string }>;
  showCategory: boolean;
  showRelevance: boolean;
}) {
  const { t } = useTranslation("catalog");
  const open = Boolean(values.commune || values.certification || values.minPrice !== undefined || values.maxPrice !== undefined || (showCategory && values.category));
  return (
    <details className="filters" open={open}>
      <summary>{t("filters.title")}</summary>
      <Form method="get" action={action} className="form">
        {values.q !== undefined ? <input type="hidden" name="q" value={values.q} /> : null}
        {showCategory ? (
          <div className="field">
            <label htmlFor="f-category">{t("filters.category")}</label>
            <select id="f-category" name="category" defaultValue={values.category ?? ""}>
              <option value="">{t("filters.any")}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`categories.${c}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="f-commune">{t("filters.commune")}</label>
          <select id="f-commune" name="commune" defaultValue={values.commune ?? ""}>
            <option value="">{t("filters.any")}</option>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-cert">{t("filters.certification")}</label>
          <select id="f-cert" name="certification" defaultValue={values.certification ?? ""}>
            <option value="">{t("filters.any")}</option>
            {CERTIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`certifications.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field choice-field">
          <legend>{t("filters.price")}</legend>
          <div className="price-range">
            <label>
              <span className="visually-hidden">{t("filters.minPrice")}</span>
              <input type="number" name="minPrice" min={0} step={1000} inputMode="numeric" placeholder={t("filters.minPrice")} defaultValue={values.minPrice} />
            </label>
            <label>
              <span className="visually-hidden">{t("filters.maxPrice")}</span>
              <input type="number" name="maxPrice" min={0} step={1000} inputMode="numeric" placeholder={t("filters.maxPrice")} defaultValue={values.maxPrice} />
            </label>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="f-sort">{t("filters.sort")}</label>
          <select id="f-sort" name="sort" defaultValue={values.sort ?? ""}>
            {showRelevance ? <option value="relevance">{t("sort.relevance")}</option> : null}
            <option value="newest">{t("sort.newest")}</option>
            <option value="price-asc">{t("sort.priceAsc")}</option>
            <option value="price-desc">{t("sort.priceDesc")}</option>
          </select>
        </div>
        <button type="submit" className="button">
          {t("filters.apply")}
        </button>
      </Form>
    </details>
  );
}

/** Previous / numbered / next links keeping every other parameter. */
export function Pagination({ page, pageCount, params, path }: { page: number; pageCount: number; params: URLSearchParams; path: string }) {
  const { t } = useTranslation("catalog");
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    if (p === 1) next.delete("page");
    else next.set("page", String(p));
    const qs = next.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const slots = pagerSlots(page, pageCount);
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" prefetch="none">
          {t("pagination.previous")}
        </Link>
      ) : null}
      {slots.map((p, index) =>
        p === "gap" ? (
          <span key={`gap-${index}`} className="pagination-gap" aria-hidden="true">
            …
          </span>
        ) : p === page ? (
          <span key={p} aria-current="page">
            {p}
          </span>
        ) : (
          <Link key={p} to={href(p)} prefetch="none" aria-label={t("pagination.page", { page: p })}>
            {p}
          </Link>
        ),
      )}
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next" prefetch="none">
          {t("pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** Certification badges (VietGAP, OCOP 4 sao…) of a listing or a farm; nothing when there are none. */
export function CertificationBadges({ certifications, label }: { certifications: readonly string[]; label?: string }) {
  const { t } = useTranslation("catalog");
  if (certifications.length === 0) return null;
  return (
    <ul className="badges" aria-label={label}>
      {certifications.map((c) => (
        <li key={c} className="badge">
          {/* eslint-disable-next-line @typescript-eslint/no-explicit-any */}
          {t(`certifications.${c}` as any)}
        </li>
      ))}
    </ul>
  );
}

/** Call and Zalo buttons, shown only where the farm allows buyers to contact it before ordering. */
export function SellerContactLinks({ phone, zalo }: { phone?: string | null; zalo?: string | null }) {
  const { t } = useTranslation("catalog");
  return (
    <>
      {phone ? (
        <a className="button" href={`tel:${phone}`}>
          {t("listing.call")}
        </a>
      ) : null}
      {zalo ? (
        <a className="button button-secondary" href={zaloUrl(zalo)} rel="noopener noreferrer" target="_blank">
          {t("listing.zalo")}
        </a>
      ) : null}
    </>
  );
}

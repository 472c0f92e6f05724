/** The outlier flag as a person sees it: in words beside the price, and nothing for an ordinary price. */
import i18next, { type i18n as I18n } from "i18next";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { i18nResources } from "~/i18n/resources.server";
import { commodityHref, PriceCells } from "./ui";

let i18n: I18n;
beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n
    .use(initReactI18next)
    .init({
      lng: "vi",
      resources: i18nResources(),
      ns: ["common", "prices"],
      defaultNS: "common",
    });
});

const row = {
  minVnd: 400_000,
  avgVnd: 420_000,
  maxVnd: 450_000,
  unit: "kg",
  source: "officer",
  isDemo: false,
};

async function render(
  cells: typeof row & { outlier?: "high" | "low" | null }
): Promise<string> {
  // useLocale reads the root route's data, as on a real page.
  const handler = createStaticHandler([
    {
      id: "root",
      path: "/",
      loader: () => ({ locale: "vi" }),
      Component: () => (
        <table>
          <tbody>
            <tr>
              <PriceCells row={cells} />
            </tr>
          </tbody>
        </table>
      ),
    },
  ]);
  const context = await handler.query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected response");
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <StaticRouterProvider
        router={createStaticRouter(handler.dataRoutes, context)}
        context={context}
        hydrate={false}
      />
    </I18nextProvider>
  );
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("PriceCells", () => {
  it("shows a confirmed outlier with its flag in words", async () => {
    expect(await render({ ...row, outlier: "high" })).toContain(
      "Giá bất thường (cao hơn 3 lần trung vị), cán bộ đã xác nhận"
    );
    expect(await render({ ...row, outlier: "low" })).toContain(
      "thấp hơn 1/3 trung vị"
    );
  });

  it("adds nothing to an ordinary price", async () => {
    expect(await render(row)).not.toContain("bất thường");
  });
});

describe("commodityHref", () => {
  it("keeps the market and a price type other than wholesale in the commodity page's address", () => {
    expect(commodityHref("khom", { market: "cho-my-tho", type: "retail" })).toBe("/gia-ca/khom?market=cho-my-tho&type=retail");
    expect(commodityHref("khom", { market: "cho-my-tho", type: "wholesale" })).toBe("/gia-ca/khom?market=cho-my-tho");
    expect(commodityHref("khom", { type: "farm_gate" })).toBe("/gia-ca/khom?type=farm_gate");
    expect(commodityHref("khom")).toBe("/gia-ca/khom");
  });
});

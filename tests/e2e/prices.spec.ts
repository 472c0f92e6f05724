import { expect, test } from "@playwright/test";
import { seedPrices } from "../../db/seed/prices";
import { openDatabase } from "../../app/lib/db.server";
import { logIn, readDb, shoot, SIZES } from "./helpers";

// The server's seed loads the price demo data; calling it here too is a no-op then, and makes the
// spec independent of whether db/seed/index.ts calls it.
test.beforeAll(async () => {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set");
  const db = openDatabase(file);
  try {
    await seedPrices(db);
  } finally {
    db.$client.close();
  }
});

test("price board in Vietnamese at 360 px: changes in words, demo label, filters", async ({ page }) => {
  await page.setViewportSize(SIZES.phone);
  await page.goto("/gia-ca");
  await expect(page.getByRole("heading", { level: 1, name: "Giá nông sản" })).toBeVisible();
  const mango = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Xoài cát Hòa Lộc/ }) });
  await expect(mango).toBeVisible();
  // Up/down is said in words (with an arrow), not by colour alone.
  await expect(mango.getByText(/^[▲▼▬] (Tăng|Giảm|Đứng giá)/).first()).toBeVisible();
  await expect(mango.getByText("dữ liệu minh họa")).toBeVisible();
  await expect(mango.getByText(/₫\/kg/).first()).toBeVisible();
  // The seasonal spike flag is a labelled badge in words.
  await expect(mango.getByText("Giá so với mùa vụ")).toBeVisible();
  await expect(mango.locator(".spike")).toHaveText(/Bình thường|Căng thẳng|Báo động|Khủng hoảng|Chưa đủ lịch sử giá|Giá đã cũ/);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES.phone.width);
  await shoot(page, "prices-board-vi-360x740");

  await page.getByRole("combobox", { name: "Nhóm hàng" }).selectOption("seafood");
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page).toHaveURL(/category=seafood/);
  await expect(page.getByRole("heading", { name: /Nghêu Gò Công/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Xoài cát Hòa Lộc/ })).toHaveCount(0);

  const csv = await page.request.get("/gia-ca/csv?category=seafood");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("ngheu-go-cong");
});

test("the commodity chart is drawn on the server and reads without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await page.goto("/gia-ca/xoai-cat-hoa-loc");
  const chart = page.getByRole("img", { name: /Diễn biến giá Xoài cát Hòa Lộc, 90 ngày/ });
  await expect(chart).toBeVisible();
  expect(await chart.locator("path.avg").getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+L/);
  expect(await chart.locator("path.band").getAttribute("d")).toMatch(/Z$/);
  await expect(page.getByRole("heading", { name: "Giá theo chợ" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Chợ đầu mối trái cây Vĩnh Kim" }).first()).toBeVisible();
  await shoot(page, "prices-commodity-nojs-vi-360x740");

  // The period links are plain links.
  await page.getByRole("link", { name: "365 ngày" }).click();
  await expect(page).toHaveURL(/days=365/);
  await expect(page.getByRole("img", { name: /365 ngày/ })).toBeVisible();

  // Every year: the axis says the year, no label leaves the drawing, no price breaks inside its unit.
  await page.getByRole("link", { name: "Tất cả các năm" }).click();
  await expect(page).toHaveURL(/days=all/);
  const all = page.getByRole("img", { name: /Diễn biến giá Xoài cát Hòa Lộc từ/ });
  await expect(all).toBeVisible();
  const box = (await all.boundingBox())!;
  for (const label of await all.locator("text").all()) {
    const b = (await label.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box.x - 0.5);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
  const xLabels = await all.locator("text[text-anchor=middle]").allTextContents();
  expect(xLabels.length).toBeGreaterThan(1);
  for (const l of xLabels) expect(l).toMatch(/^\d{2}\/\d{2}(\/\d{4})?$|^\d{2}\/\d{4}$/);
  for (const value of await page.locator(".latest-box .value").all()) {
    const b = (await value.boundingBox())!;
    expect(b.height).toBeLessThan(30); // one line
    // and inside its box
    const outer = (await value.locator("xpath=..").boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(outer.x + outer.width);
  }
  await expect(page.getByRole("columnheader", { name: "Giá so với mùa vụ" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES.phone.width);

  // Rice shows the World Bank series in USD per tonne as published.
  await page.goto("/gia-ca/gao-trang");
  await expect(page.getByRole("heading", { name: "Giá tham chiếu quốc tế" })).toBeVisible();
  await expect(page.getByText(/\$\/mt/).first()).toBeVisible();
  await context.close();
});

test("an officer enters a day's prices and is asked to confirm an outlier", async ({ page }) => {
  await page.setViewportSize(SIZES.phone);
  const before = readDb((db) => db.prepare("select max(id) as id from price_observations").get()) as { id: number | null };
  await logIn(page, "0901 000 002", { to: "/can-bo/gia-ca" });
  await expect(page.getByRole("heading", { level: 1, name: "Nhập giá chợ hằng ngày" })).toBeVisible();

  await page.getByRole("combobox", { name: "Chợ", exact: true }).selectOption({ label: "Chợ đầu mối trái cây Vĩnh Kim" });
  await page.getByRole("button", { name: "Mở bảng nhập" }).click();
  await expect(page.getByRole("heading", { name: /Giá tại Chợ đầu mối trái cây Vĩnh Kim/ })).toBeVisible();

  // An extra zero on the mango price, a normal pomelo price.
  const mango = page.getByRole("group", { name: "Xoài cát Hòa Lộc", exact: true });
  await mango.getByLabel("Thấp nhất").fill("600.000");
  await mango.getByLabel("Trung bình").fill("650.000");
  await mango.getByLabel("Cao nhất").fill("700.000");
  const pomelo = page.getByRole("group", { name: "Bưởi da xanh", exact: true });
  const median = (await pomelo.getByText(/Trung vị 30 ngày/).textContent())!.match(/([\d.]+)\s*₫/)![1].replace(/\./g, "");
  await pomelo.getByLabel("Trung bình").fill(median);
  await page.getByRole("button", { name: "Lưu giá" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "khác xa trung vị" })).toBeVisible();
  await expect(mango.getByText(/thừa một số 0/)).toBeVisible();
  await expect(mango.getByLabel("Trung bình")).toHaveValue("650.000");
  // Nothing saved until the outlier is confirmed (other specs may have entered officer prices before).
  expect(readDb((db) => db.prepare("select max(id) as id from price_observations").get())).toEqual(before);
  await shoot(page, "prices-officer-confirm-vi-360x740");

  await mango.getByLabel(/Giá Xoài cát Hòa Lộc này đúng/).check();
  await page.getByRole("button", { name: /Lưu, tôi đã kiểm tra/ }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu 2 giá.");
  const saved = readDb((db) =>
    db
      .prepare(
        `select c.slug, o.avg_vnd as avg from price_observations o join commodities c on c.id = o.commodity_id
         where o.source = 'officer' and o.id > ? order by c.slug`,
      )
      .all(before.id ?? 0),
  );
  expect(saved).toEqual([
    { slug: "buoi-da-xanh", avg: Number(median) },
    { slug: "xoai-cat-hoa-loc", avg: 650_000 },
  ]);
  // The confirmed outlier is shown with its flag where people read prices, not averaged in unseen.
  await page.goto("/gia-ca/xoai-cat-hoa-loc?market=cho-dau-moi-trai-cay-vinh-kim");
  await expect(page.getByText("Giá bất thường (cao hơn 3 lần trung vị), cán bộ đã xác nhận").first()).toBeVisible();
});

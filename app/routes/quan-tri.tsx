import { Outlet } from "@remix-run/react";
import { StaffNav } from "~/components/StaffNav";

/** Layout of the staff pages: the workspace links, then the page (each page checks its own permission). */
export default function StaffLayout() {
  return (
    <>
      <StaffNav />
      <Outlet />
    </>
  );
}

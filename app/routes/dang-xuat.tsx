import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "~/accounts/session.server";

/** POST only (a link or an image cannot log anyone out): revokes the session row and the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  return logout(request, "/");
}

export const loader = () => redirect("/");

/**
 * Never drawn (every answer is a redirect): being a page route rather than a resource route lets a
 * refused submission (see server/form-body.server.ts) show the localized error page instead of raw JSON.
 */
export default function Logout() {
  return null;
}

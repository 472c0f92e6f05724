import { notFound } from "~/lib/errors";

/** Any unknown URL: a localized 404 from the root error boundary. */
export function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}

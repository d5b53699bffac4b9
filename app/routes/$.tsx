import { notFound } from "~/utils/http.server";

// Any URL no other route claims: answer 404 with the root error page.
export function loader(): never {
  notFound("Page not found");
}

export default function NotFoundPage() {
  return null;
}

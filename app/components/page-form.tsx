import { useFetchers, useSubmit } from "@remix-run/react";
import { useEffect, type FormHTMLAttributes } from "react";

/**
 * A form that posts to one of our pages, for the forms a page draws by the dozen (a thread page's
 * post actions, the header's sign-out): a plain <form method="post">, which works without
 * JavaScript and which the one submit handler of usePageForms() sends through the router, as
 * Remix's <Form> does, once the page is hydrated. Each <Form> ran a dozen hooks while the server
 * rendered it (resolving its action against the route, the router's submit function); a member's
 * thread page draws ~25 of them (issue 14, like PageLink for links).
 *
 * `action` is an absolute path, written as it is. With `fetcherKey` the form is sent as a fetcher
 * (no navigation, as <fetcher.Form>): pendingIntent(fetcherKey) says what it is sending meanwhile.
 */
export function PageForm({
  action,
  fetcherKey,
  ...props
}: Omit<FormHTMLAttributes<HTMLFormElement>, "action" | "method"> & { action: string; fetcherKey?: string }) {
  return <form method="post" action={action} data-page-form={fetcherKey ?? ""} {...props} />;
}

/** The intent (the pressed button's value) the PageForm with this fetcherKey is sending now, if any. */
export function usePendingIntent(fetcherKey: string): string | null {
  const intent = useFetchers().find((fetcher) => fetcher.key === fetcherKey)?.formData?.get("intent");
  return typeof intent === "string" ? intent : null;
}

type Submitter = HTMLButtonElement | HTMLInputElement;

/**
 * Client submission for every PageForm of the document, from one listener: the form (with the
 * pressed button's name and value) goes through the router, as a navigation or, with a fetcher
 * key, as that fetcher. Drawn once, in the root layout, beside usePageLinks().
 */
export function usePageForms(): void {
  const submit = useSubmit();
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute("data-page-form")) return;
      const submitter = event.submitter instanceof HTMLButtonElement || event.submitter instanceof HTMLInputElement ? (event.submitter as Submitter) : null;
      // A button that sends the form elsewhere (another window) is left to the browser.
      if ((submitter?.formTarget || form.target || "_self") !== "_self") return;
      event.preventDefault();
      const method = (submitter?.getAttribute("formmethod") || form.getAttribute("method") || "post").toLowerCase() === "get" ? "get" : "post";
      const fetcherKey = form.dataset.pageForm;
      submit(submitter ?? form, fetcherKey ? { method, navigate: false, fetcherKey } : { method });
    };
    document.addEventListener("submit", onSubmit);
    return () => document.removeEventListener("submit", onSubmit);
  }, [submit]);
}

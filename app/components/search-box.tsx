/**
 * A plain GET form to /search (works without JavaScript). The header has one on every page and the
 * home page a large one of its own, so each search landmark carries its own name.
 */
export function SearchBox({ id, name, placeholder, className, buttonClassName }: { id: string; name: string; placeholder: string; className: string; buttonClassName: string }) {
  return (
    <form method="get" action="/search" role="search" aria-label={name} className={className}>
      <label htmlFor={id} className="visually-hidden">
        Search the community
      </label>
      <input id={id} type="search" name="q" placeholder={placeholder} />
      <button type="submit" className={buttonClassName}>
        Search
      </button>
    </form>
  );
}

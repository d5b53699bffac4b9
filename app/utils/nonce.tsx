import { createContext, useContext } from "react";

// The CSP nonce reaches <Scripts> through context; browsers hide it from the DOM, so on the
// client it is an empty string, which React accepts during hydration.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);

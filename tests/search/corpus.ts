import type { SearchDocument } from "@search/types";

const DAY = 24 * 60 * 60_000;
const T0 = Date.UTC(2026, 0, 1);

function doc(id: number, fields: Partial<SearchDocument> & Pick<SearchDocument, "title">): SearchDocument {
  return {
    id,
    slug: `thread-${id}`,
    question: "",
    accepted: "",
    answers: "",
    category: "internet",
    categoryName: "Internet",
    kind: "question",
    status: "open",
    solved: false,
    hasStaffAnswer: false,
    votes: 0,
    meToo: 0,
    created: T0 + id * DAY,
    lastActivity: T0 + id * DAY,
    ...fields,
  };
}

/**
 * A fixed corpus where "router" appears once in a different field of threads 1–4, so field
 * weights alone decide their order: title (1) > accepted answer (2) > question (3) > other answers (4).
 */
export const CORPUS: SearchDocument[] = [
  doc(1, {
    title: "Router keeps dropping the line",
    question: "Every evening the lights blink and pages stop loading for a minute.",
    kind: "problem",
    votes: 2,
  }),
  doc(2, {
    title: "Slow speeds every evening",
    question: "Pages load slowly after six and videos buffer a lot.",
    accepted: "Restart the router and move it away from the microwave.",
    status: "solved",
    solved: true,
    votes: 3,
  }),
  doc(3, {
    title: "Wifi calling setup",
    question: "My router is new and calls still fail indoors.",
    category: "phones",
    categoryName: "Phones",
  }),
  doc(4, {
    title: "Bill went up this month",
    question: "The total is higher than last month without any change.",
    answers: "Check for the router rental fee on page two.",
    category: "billing",
    categoryName: "Billing",
    status: "answered",
  }),
  doc(5, {
    title: "Roaming charges in Spain",
    question: "I was charged for data abroad although roaming was off.",
    accepted: "Staff refunded the charges; roaming passes now show in the app.",
    category: "billing",
    categoryName: "Billing",
    status: "solved",
    solved: true,
    hasStaffAnswer: true,
    votes: 9,
  }),
  doc(6, {
    title: "Love the new app",
    question: "Paying my bill takes two taps now. Thank you!",
    kind: "praise",
    category: "account",
    categoryName: "Account",
  }),
  doc(7, {
    title: "手机无法连接网络",
    question: "我的手机无法连接网络，重启也没有用。",
    category: "phones",
    categoryName: "Phones",
  }),
  doc(8, {
    title: "パスワードをリセットできません",
    question: "パスワードを忘れました。メールが届きません。",
    category: "account",
    categoryName: "Account",
  }),
];

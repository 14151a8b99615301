// Calls a front-end makes, type-checked against the types generated from the platform's OpenAPI
// document (tests/test_typescript_client.py generates api.d.ts next to this file, then runs
// `tsc --strict --noEmit`). Nothing here runs: the types are what is tested.
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

const api = createClient<paths>({ baseUrl: "https://imis.example.org" });

// The token endpoint takes a form body (RFC 6749).
export async function signIn(username: string, password: string): Promise<string> {
  const { data, error } = await api.POST("/api/v1/auth/token", {
    body: { grant_type: "password", username, password },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  });
  if (data === undefined) throw new Error(`sign-in refused: ${JSON.stringify(error)}`);
  const token: components["schemas"]["TokenOut"] = data;
  return token.access_token;
}

// A vacancy with only the fields the server requires: every defaulted field may be left out.
export async function createVacancy(token: string, employerId: string): Promise<string> {
  const { data, error } = await api.POST("/api/v1/jobs/vacancies", {
    headers: { Authorization: `Bearer ${token}` },
    body: {
      employer_id: employerId,
      title: "Specialist nurse",
      occupation_id: "0d4ba4a5-2e0b-4a3b-8f71-4de5a4e3a0c2",
      description: "Intensive care, Milan.",
      destination_country: "IT",
      destination_city: "Milano",
      positions: 3,
      contract_type: "permanent",
      salary_min: "1900.00",
      salary_max: "2300.00",
      salary_currency: "EUR",
      salary_period: "month",
      hours_per_week: 38,
      application_deadline: "2027-03-31",
    },
  });
  if (error !== undefined) throw new Error(error.title);
  // A response field with a server default is always present.
  const travelPaid: boolean = data.employer_pays_travel;
  return travelPaid ? data.id : data.id;
}

// The seekers ranked for a vacancy, a page at a time.
export async function matches(token: string, vacancyId: string): Promise<number[]> {
  const { data, error } = await api.GET("/api/v1/jobs/vacancies/{vacancy_id}/matches", {
    headers: { Authorization: `Bearer ${token}` },
    params: { path: { vacancy_id: vacancyId }, query: { limit: 20, offset: 0 } },
  });
  if (error !== undefined) throw new Error(error.title);
  return data.items.map((match) => match.score);
}

// A conditional GET: the ETag held goes back in If-None-Match; 304 means it is still current.
export async function article(
  articleId: string,
  etag: string | undefined,
): Promise<components["schemas"]["ArticleOut"] | "unchanged"> {
  const { data, response } = await api.GET("/api/v1/info/articles/{article_id}", {
    params: {
      path: { article_id: articleId },
      header: { "If-None-Match": etag, "Accept-Language": "ar, en;q=0.5" },
    },
  });
  if (response.status === 304 || data === undefined) return "unchanged";
  const direction: components["schemas"]["TextDirection"] = data.dir;
  return direction === "rtl" ? data : data;
}

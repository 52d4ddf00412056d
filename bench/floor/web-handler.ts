import { handler as floor } from './handler';

// The floor as an HTTP framework on the web standard must start: the same GetItem, but the
// event turned into a `Request` and the answer read through a `Response`, as Hono's Lambda
// adapter does for every request. Node loads its fetch implementation (undici) on their first
// use: a cost any Hono function pays, measured apart so that the API's own part shows.
export const handler = async (event: Parameters<typeof floor>[0]) => {
  const request = new Request('https://floor.example/item', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  const answer = await floor((await request.json()) as Parameters<typeof floor>[0]);
  const response = new Response(answer.body, {
    status: answer.statusCode,
    headers: { 'content-type': 'application/json' },
  });
  return { statusCode: response.status, body: await response.text() };
};

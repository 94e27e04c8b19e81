// A loopback server answering each provider's canned success, run in its own process so its CPU time is not
// counted against the client being measured. Prints its port on stdout.
import { createServer } from 'node:http';

const cmAnswer = (body) => {
  const messages = [];
  for (const msg of body.messages.msg)
    for (const to of msg.to)
      messages.push({
        to: to.number,
        status: 'Accepted',
        reference: msg.reference ?? null,
        parts: 1,
        messageDetails: null,
        messageErrorCode: 0,
      });
  return { details: `Created ${messages.length} message(s)`, errorCode: 0, messages };
};

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    let status = 200;
    let answer;
    if (req.url === '/v1.0/message') answer = cmAnswer(body);
    else if (req.url.endsWith('/messages/batch'))
      (status = 202), (answer = body.map((_, index) => ({ index, messageId: `m-${index}` })));
    else if (req.url === '/v2/messages')
      (status = 201),
        (answer = { requestTimestamp: '2024-09-05T00:03:01.708-04:00', messageId: 'v2', status: 'queued' });
    else if (req.url === '/v1/sms/messages')
      (status = 202), (answer = { acceptedTime: '2024-09-04T06:42:16.520-04:00', messageId: 'w-1', correlationId: '' });
    else (status = 404), (answer = {});
    const text = JSON.stringify(answer);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('message', () => {});

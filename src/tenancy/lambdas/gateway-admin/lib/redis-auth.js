'use strict';
/*
 * "Does this AUTH token open Redis?" without a Redis client library: one RESP command over TLS.
 * ElastiCache requires in-transit encryption when an AUTH token is set, and answers AUTH with `+OK`
 * or an error line (`-WRONGPASS ...` / `-ERR invalid password`). The token is never logged.
 */
const tls = require('node:tls');

function redisAuth({ host, port, token, timeoutMs = 5000, connect = tls.connect }) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let settled = false;
    const socket = connect({ host, port, servername: host });
    const done = (fn, value) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      fn(value);
    };
    socket.setTimeout(timeoutMs, () => done(reject, Object.assign(new Error(`redis ${host}:${port} did not answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    socket.on('error', (e) => done(reject, e));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      if (line === '+OK') done(resolve, true);
      else if (line.startsWith('-')) done(resolve, false);
      else done(reject, new Error(`unexpected reply from redis: ${line.slice(0, 40)}`));
    });
    socket.write(`*2\r\n$4\r\nAUTH\r\n$${Buffer.byteLength(token)}\r\n${token}\r\n`);
  });
}

module.exports = { redisAuth };

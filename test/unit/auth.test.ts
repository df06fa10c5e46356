jest.mock('jose', () => require('node:module').createRequire(__filename)('jose'));
import { generateKeyPair, SignJWT, jwtVerify, exportJWK, importJWK, createLocalJWKSet } from 'jose';
test('probe', async () => {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  const pub = await importJWK(jwk, 'EdDSA');
  const t = await new SignJWT({ role: 'x' }).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('i').setAudience('a').setExpirationTime('1h').sign(pair.privateKey);
  const r = await jwtVerify(t, pub, { issuer: 'i', audience: 'a' });
  expect(r.payload.role).toBe('x');
  const r2 = await jwtVerify(t, createLocalJWKSet({ keys: [{ ...jwk, alg: 'EdDSA' }] }), { issuer: 'i', audience: 'a' });
  expect(r2.payload.role).toBe('x');
  await expect(jwtVerify(t, pub, { issuer: 'i', audience: 'b' })).rejects.toThrow();
});

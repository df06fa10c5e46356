import { uiCodecSettings } from '../../src/platform/runtime/temporal-ui-gateway';

/** The codec settings the Temporal UI is given: cookies are per host, so they follow the host the browser used. */
describe('uiCodecSettings', () => {
  const api = { host: '127.0.0.1', port: 3000 };

  it('sends credentials to the codec endpoint on the loopback name the browser typed', () => {
    expect(uiCodecSettings('localhost:8233', api)).toEqual({
      Endpoint: 'http://localhost:3000/codec',
      PassAccessToken: false,
      IncludeCredentials: true,
      DefaultErrorMessage:
        'Codec Server could not connect: auditors and DA leads sign in at http://localhost:3000/codec/sign-in, then reload',
      DefaultErrorLink: 'http://localhost:3000/codec/sign-in',
    });
    expect(uiCodecSettings('127.0.0.1:8233', api).Endpoint).toBe('http://127.0.0.1:3000/codec');
    expect(uiCodecSettings('[::1]:8233', api).DefaultErrorLink).toBe('http://[::1]:3000/codec/sign-in');
  });

  it('never points the UI at a host taken from a forged or missing Host header', () => {
    for (const host of ['evil.example:8233', 'localhost.evil.example', '127.0.0.1@evil.example', '', undefined]) {
      expect(uiCodecSettings(host, api).Endpoint).toBe('http://127.0.0.1:3000/codec');
    }
  });
});

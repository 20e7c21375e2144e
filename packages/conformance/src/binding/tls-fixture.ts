/**
 * A self-signed certificate for 127.0.0.1 / localhost, valid until 2126, for the suite's
 * direct-TLS case only. Test-only: its private key is public (it is in this file), so nothing
 * may ever trust it except the one request the suite makes with it as its only CA. Committed
 * rather than generated so the suite needs neither openssl nor a certificate library.
 * (openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 36500
 *  -subj "/CN=sessionkit conformance (test only)"
 *  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost")
 */
export const TEST_TLS = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkGOjs9yQ1cyKeZUV
/Deem55WfJV8Xsl455vc2kOahcGhRANCAARWf9KcH7M6CLFBXyhGSWbCptIvGCbJ
BmgeNJ3Jc27Lx6aaZOgNvCgaWmV4qZhsHO3G698lTBkN60XoVBehOG13
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBzjCCAXOgAwIBAgIUaMd45+1oq8UdEL92Tdbf3BripykwCgYIKoZIzj0EAwIw
LTErMCkGA1UEAwwic2Vzc2lvbmtpdCBjb25mb3JtYW5jZSAodGVzdCBvbmx5KTAg
Fw0yNjEyMDQwMzI4MTlaGA8yMTI2MTExMDAzMjgxOVowLTErMCkGA1UEAwwic2Vz
c2lvbmtpdCBjb25mb3JtYW5jZSAodGVzdCBvbmx5KTBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABFZ/0pwfszoIsUFfKEZJZsKm0i8YJskGaB40nclzbsvHpppk6A28
KBpaZXipmGwc7cbr3yVMGQ3rRehUF6E4bXejbzBtMB0GA1UdDgQWBBSzNkyUFRpj
qKx2PChXPHleKN56SzAfBgNVHSMEGDAWgBSzNkyUFRpjqKx2PChXPHleKN56SzAP
BgNVHRMBAf8EBTADAQH/MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAKBggq
hkjOPQQDAgNJADBGAiEApzDJJMNNsRwePsbMH3ryjnkfDpjddOAoUKluU/gbzm0C
IQCUOUWxfXQ7ROI5XM45+HpdzyHQsKtmOiZ6m/gfklEDgw==
-----END CERTIFICATE-----
`,
} as const;

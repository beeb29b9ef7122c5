// A self-signed certificate and key made for these tests (EC P-256, CN bookinfo.example.com,
// valid from 2000-01-01 to 2999-12-31), for gateway credential Secrets.

export const TEST_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBPjCB5qADAgECAhRXm8cP+qM/mw+1ls22e58Z9yOMizAKBggqhkjOPQQDAjAf
MR0wGwYDVQQDDBRib29raW5mby5leGFtcGxlLmNvbTAgFw0wMDAxMDEwMDAwMDBa
GA8yOTk5MTIzMTAwMDAwMFowHzEdMBsGA1UEAwwUYm9va2luZm8uZXhhbXBsZS5j
b20wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS0B9SIsnhMxl0+fY5jiMZPcG7D
lPYwvY2IKSFC8u8oK1Z9BINfCqIOde/su8M8U0h8ROmwV0q7uATiFVvvkKnOMAoG
CCqGSM49BAMCA0cAMEQCIGj4JnU4ne53rTOlNhXZ6bGK58nEz+B60PclWEC7ZRo8
AiBal6ulkqqvM8+HTYJAVmVG2vUiN6VQgiRN2OMuj/UtGg==
-----END CERTIFICATE-----
`;

export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0m3Kes5ywcq0a1Iz
OZPuaGO8nRyxnf7UlIbUievEeuOhRANCAAS0B9SIsnhMxl0+fY5jiMZPcG7DlPYw
vY2IKSFC8u8oK1Z9BINfCqIOde/su8M8U0h8ROmwV0q7uATiFVvvkKnO
-----END PRIVATE KEY-----
`;

/** A `kubernetes.io/tls` Secret holding the test certificate and key. */
export function tlsSecret(name: string, namespace: string): any {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(TEST_CERTIFICATE), 'tls.key': b64(TEST_KEY) },
  };
}

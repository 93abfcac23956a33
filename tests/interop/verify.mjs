// Verifies Kakehashi's credentials with Digital Bazaar's libraries, none of Kakehashi's code.
//
//   node verify.mjs input.json   ->  prints {"name": {"verified", "revoked", "errors"}, ...}
//
// input.json: {"documents": {url: document}, "credentials": {name: credential}}. The documents
// are what the issuer's web server answers at each URL (the issuer profile, a key document,
// status list credentials); the test fetches them from the app. The document loader serves
// those and the JSON-LD contexts installed from npm or shipped in ./contexts, and nothing else:
// no network. Like a web client it drops a URL's #fragment before looking it up (HTTP never
// sends it), so a verification method must be served as a document of its own.
//
// "verified" is vc.verifyCredential's answer: the eddsa-jcs-2022 proof, the issuer profile
// naming the key for assertionMethod (framed in JSON-LD safe mode), the validity dates, and,
// when the credential has a BitstringStatusListEntry, the signed status list credential.
// "revoked" is the credential's bit in that list (null without a credentialStatus).

import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';

const shipped = name => JSON.parse(
  readFileSync(new URL(`./contexts/${name}`, import.meta.url), 'utf8'));

const contexts = new Map([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
  ...securityContext.contexts,
  ...statusListContext.contexts,
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    shipped('ob-v3p0-context-3.0.3.json')],
]);

function loaderFor(documents) {
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    const address = url.split('#')[0];
    if(Object.hasOwn(documents, address)) {
      return {contextUrl: null, documentUrl: url, document: documents[address]};
    }
    throw new Error(`not served (no network in this check): ${url}`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  const errors = Array.isArray(error) ? error : [error];
  return errors.flatMap(e => [
    String(e?.message ?? e), ...(e?.errors ? messages(e.errors) : []),
    ...(e?.cause ? messages(e.cause) : [])]);
}

async function check(credential, documentLoader) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  const result = await vc.verifyCredential({
    credential, suite, documentLoader,
    checkStatus: credential.credentialStatus ? checkStatus : undefined,
  });
  const statuses = result.statusResult?.results ?? [];
  const errors = [
    ...messages(result.error),
    ...(result.results ?? []).flatMap(r => messages(r.error)),
    ...messages(result.statusResult?.error),
  ];
  return {
    verified: result.verified === true,
    revoked: credential.credentialStatus ?
      (statuses.length ? statuses.some(s => s.status === true) : null) : null,
    errors: [...new Set(errors)],
  };
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documentLoader = loaderFor(input.documents ?? {});
const output = {};
for(const [name, credential] of Object.entries(input.credentials)) {
  try {
    output[name] = await check(credential, documentLoader);
  } catch(error) {
    output[name] = {verified: false, revoked: null, errors: messages(error)};
  }
}
process.stdout.write(JSON.stringify(output) + '\n');

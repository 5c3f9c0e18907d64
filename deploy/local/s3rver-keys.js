// Loaded into s3rver's process before s3rver itself (node -r): replaces its built-in, publicly known account key with
// this install's own pair (S3_ACCESS_KEY / S3_SECRET_KEY), so a client holding the well-known key gets InvalidAccessKeyId.
'use strict';
const path = require('path');

const { S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey, S3RVER_HOME: home } = process.env;
if (!accessKey || !secretKey || !home) {
  console.error('s3rver-keys: S3_ACCESS_KEY, S3_SECRET_KEY and S3RVER_HOME must be set');
  process.exit(1);
}
const { DUMMY_ACCOUNT: account } = require(path.join(home, 'lib/models/account'));
for (const builtIn of [...account.accessKeys.keys()]) {
  account.revokeAccessKey(builtIn);
}
account.createKeyPair(accessKey, secretKey);

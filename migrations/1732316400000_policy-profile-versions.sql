-- Up Migration
-- Each policy profile version the API has loaded, by a digest of its content (src/policy/versions.ts):
-- a version names one content for good, so that a case's "profile x 1.0.0" means the rules it ran
-- under, and a file changed without a new version is refused rather than served under the old name.
CREATE TABLE policy_profile_versions (
  profile_id      text NOT NULL,
  version         text NOT NULL,
  content_sha256  text NOT NULL,
  first_loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (profile_id, version)
);

-- Down Migration
DROP TABLE policy_profile_versions;

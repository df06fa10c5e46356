-- Runs once, when the postgres container starts on an EMPTY data volume
-- (docker-entrypoint-initdb.d). It does not run again: to change a password later, use
-- ALTER ROLE ... PASSWORD ... by hand, then update the env file.
--
-- One login role per component, each owning only its own databases, so the app cannot read
-- Temporal's data and Temporal cannot read the case database.
-- Passwords come from the container's environment through psql variables (\getenv, psql 15+);
-- :'name' quotes them, so any character is safe and nothing is interpolated into SQL by hand.

\getenv app_password APP_DB_PASSWORD
\getenv temporal_password TEMPORAL_DB_PASSWORD

CREATE ROLE da_app LOGIN PASSWORD :'app_password';
CREATE DATABASE da_cases OWNER da_app;

CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

-- By default every role may connect to every database; only the owners (and the superuser) may here.
REVOKE ALL ON DATABASE da_cases FROM PUBLIC;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;

import type { NotifierConfig, PartnerGatewayConfig } from './activities';
import type { Config } from './platform/config';

export function notifierConfigFrom(config: Config): NotifierConfig {
  return {
    email: config.SMTP_HOST
      ? {
          smtp: {
            host: config.SMTP_HOST,
            port: config.SMTP_PORT,
            secure: config.SMTP_SECURE,
            user: config.SMTP_USER,
            password: config.SMTP_PASSWORD,
            requireTls: config.SMTP_REQUIRE_TLS,
          },
          from: config.ALERT_EMAIL_FROM,
        }
      : undefined,
    webhook:
      config.ALERT_WEBHOOK_URL && config.ALERT_WEBHOOK_SECRET
        ? { url: config.ALERT_WEBHOOK_URL, secret: config.ALERT_WEBHOOK_SECRET }
        : undefined,
    caseUrlBase: config.PUBLIC_BASE_URL,
  };
}

export function partnerGatewayConfigFrom(config: Config): PartnerGatewayConfig {
  return {
    contractorId: config.PARTNER_CONTRACTOR_ID,
    maracCoordinatorId: config.PARTNER_MARAC_COORDINATOR_ID,
    localAuthorityId: config.PARTNER_LOCAL_AUTHORITY_ID,
    contractorUrl: config.PARTNER_CONTRACTOR_URL,
    maracCoordinatorUrl: config.PARTNER_MARAC_COORDINATOR_URL,
    secret: config.PARTNER_GATEWAY_SECRET,
  };
}

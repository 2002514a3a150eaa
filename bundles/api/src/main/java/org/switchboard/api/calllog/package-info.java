/** Call logs and the persistent outbox that delivers them to CRM connectors. */
@org.osgi.annotation.versioning.Version("0.5.0")
package org.switchboard.api.calllog;

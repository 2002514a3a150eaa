/** The CRM connector SPI: one {@link org.switchboard.api.crm.CrmConnector} service per connected CRM. */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.switchboard.api.crm;

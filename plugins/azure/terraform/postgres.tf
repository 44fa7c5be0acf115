# Azure Database for PostgreSQL Flexible Server with private access only (delegated subnet, private DNS zone),
# TLS required, the extensions Gen3's database jobs create allow-listed, one database per Gen3 service.
locals {
  # uuid() draws 122 random bits from the operating system's CSPRNG; it is unknown during plan and only ever
  # reaches write-only arguments (administrator_password_wo, value_wo), so it is in neither plan nor state.
  # Azure wants three of upper case, lower case, digits and symbols: the fixed "-G" adds the two hex lacks.
  postgres_admin_password = "${replace(uuid(), "-", "")}-G"
  # ltree and vector: created by Gen3's DB jobs (metadata, indexd); the others by fence, arborist and sheepdog.
  postgres_extensions = ["BTREE_GIN", "LTREE", "PG_TRGM", "PGCRYPTO", "UUID-OSSP", "VECTOR"]
}

resource "azurerm_private_dns_zone" "postgres" {
  name                = "${local.name}.private.postgres.database.azure.com"
  resource_group_name = azurerm_resource_group.commons.name
  tags                = local.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "postgres" {
  name                  = "postgres-${local.name}"
  private_dns_zone_name = azurerm_private_dns_zone.postgres.name
  resource_group_name   = azurerm_resource_group.commons.name
  virtual_network_id    = azurerm_virtual_network.commons.id
  registration_enabled  = false
  tags                  = local.tags
}

resource "azurerm_postgresql_flexible_server" "commons" {
  name                          = "psql-${local.name}-${local.suffix}"
  location                      = azurerm_resource_group.commons.location
  resource_group_name           = azurerm_resource_group.commons.name
  version                       = local.postgres_version
  sku_name                      = local.tier.postgres_sku
  storage_mb                    = local.tier.postgres_storage_mb
  auto_grow_enabled             = true
  backup_retention_days         = local.tier.backup_retention_days
  geo_redundant_backup_enabled  = var.size == "large"
  delegated_subnet_id           = azurerm_subnet.postgres.id
  private_dns_zone_id           = azurerm_private_dns_zone.postgres.id
  public_network_access_enabled = false

  administrator_login               = local.postgres_admin
  administrator_password_wo         = local.postgres_admin_password
  administrator_password_wo_version = 1

  authentication {
    password_auth_enabled         = true
    active_directory_auth_enabled = false
  }

  dynamic "high_availability" {
    for_each = local.tier.postgres_ha ? [1] : []
    content {
      mode = "ZoneRedundant"
    }
  }

  tags = local.tags

  depends_on = [azurerm_private_dns_zone_virtual_network_link.postgres]

  lifecycle {
    # Azure places the server (and its standby) in a zone of its choice and may swap them on failover.
    ignore_changes = [zone, high_availability[0].standby_availability_zone]
  }
}

resource "azurerm_postgresql_flexible_server_configuration" "extensions" {
  name      = "azure.extensions"
  server_id = azurerm_postgresql_flexible_server.commons.id
  value     = join(",", local.postgres_extensions)
}

resource "azurerm_postgresql_flexible_server_configuration" "require_tls" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.commons.id
  value     = "on"

  # The server takes one configuration change at a time (concurrent ones fail with ServerIsBusy).
  depends_on = [azurerm_postgresql_flexible_server_configuration.extensions]
}

resource "azurerm_postgresql_flexible_server_database" "service" {
  for_each  = toset(var.database_services)
  name      = replace(each.value, "-", "_")
  server_id = azurerm_postgresql_flexible_server.commons.id
  charset   = "UTF8"
  collation = "en_US.utf8"

  depends_on = [azurerm_postgresql_flexible_server_configuration.require_tls]
}

# Names and size tiers. Storage account and Key Vault names are global: a short hash of the subscription and
# environment makes them unique without a random provider.
locals {
  name   = var.environment
  suffix = substr(sha1("${data.azurerm_client_config.current.subscription_id}/${var.environment}"), 0, 6)

  tags = merge(var.tags, {
    "csoc-commons"    = var.environment
    "csoc-namespace"  = var.namespace
    "csoc-managed-by" = "csoc-plugin-azure"
  })

  # Approximate monthly list prices per tier are in docs/plugins/azure.md.
  tiers = {
    small = {
      node_vm_size          = "Standard_D4s_v5"
      node_min              = 2
      node_max              = 4
      aks_sku_tier          = "Free"
      postgres_sku          = "B_Standard_B2s"
      postgres_storage_mb   = 32768
      postgres_ha           = false
      storage_replication   = "LRS"
      backup_retention_days = 7
    }
    medium = {
      node_vm_size          = "Standard_D8s_v5"
      node_min              = 3
      node_max              = 6
      aks_sku_tier          = "Standard"
      postgres_sku          = "GP_Standard_D4ds_v5"
      postgres_storage_mb   = 131072
      postgres_ha           = false
      storage_replication   = "ZRS"
      backup_retention_days = 14
    }
    large = {
      node_vm_size          = "Standard_D16s_v5"
      node_min              = 6
      node_max              = 12
      aks_sku_tier          = "Standard"
      postgres_sku          = "GP_Standard_D8ds_v5"
      postgres_storage_mb   = 524288
      postgres_ha           = true
      storage_replication   = "GZRS"
      backup_retention_days = 35
    }
  }
  tier = local.tiers[var.size]

  # Subnets: nodes get the first half of the network, PostgreSQL and the Application Gateway a /24 each
  # at the start of the second half (newbits from the network's own prefix to /24).
  vnet_prefix      = tonumber(split("/", var.vnet_cidr)[1])
  nodes_cidr       = cidrsubnet(var.vnet_cidr, 1, 0)
  postgres_cidr    = cidrsubnet(var.vnet_cidr, 24 - local.vnet_prefix, pow(2, 23 - local.vnet_prefix))
  appgateway_cidr  = cidrsubnet(var.vnet_cidr, 24 - local.vnet_prefix, pow(2, 23 - local.vnet_prefix) + 1)
  ingress_class    = var.waf_enabled ? "azure-application-gateway" : "webapprouting.kubernetes.azure.com"
  es_endpoint      = var.elasticsearch_url != "" ? var.elasticsearch_url : "http://gen3-elasticsearch-master.${var.namespace}.svc.cluster.local:9200"
  storage_account  = "${replace(var.environment, "-", "")}gen3${local.suffix}"
  key_vault_name   = "kv-${var.environment}-${substr(local.suffix, 0, 4)}"
  blob_containers  = { data = "data", logs = "logs", manifest = "manifests", user_yaml = "useryaml" }
  postgres_admin   = "gen3admin"
  postgres_secret  = "${var.environment}-${var.namespace}-postgres-master"
  postgres_version = var.postgres_version
}

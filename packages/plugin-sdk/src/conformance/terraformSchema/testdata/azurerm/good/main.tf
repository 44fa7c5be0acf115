# A small AKS commons, as the azure plugin would write it: every name is azurerm 4.55.0's.
variable "name" {
  type = string
}

variable "extra_pools" {
  type    = map(object({ vm_size = string, count = number }))
  default = {}
}

resource "azurerm_resource_group" "main" {
  name     = "${var.name}-rg"
  location = "eastus"
}

resource "azurerm_kubernetes_cluster" "main" {
  name                = var.name
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
  dns_prefix          = var.name
  oidc_issuer_enabled = true
  tags = {
    commons = var.name
  }

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 3
  }

  identity {
    type = "SystemAssigned"
  }

  dynamic "key_vault_secrets_provider" {
    for_each = var.name == "" ? [] : [1]
    content {
      secret_rotation_enabled = true
    }
  }

  lifecycle {
    ignore_changes = [tags]
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "extra" {
  for_each              = var.extra_pools
  name                  = each.key
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size               = each.value.vm_size
  node_count            = each.value.count
}

data "azurerm_client_config" "current" {}

resource "terraform_data" "marker" {
  input = data.azurerm_client_config.current.tenant_id
}

resource "azurerm_kubernetes_cluster" "main" {
  name                = "commons"
  resource_group_name = "commons-rg"
  dns_prefx           = "commons"

  default_node_pool {
    name      = "system"
    vm_size   = "Standard_D4s_v5"
    node_cont = 3
  }

  dynamic "identiy" {
    for_each = [1]
    content {
      type = "SystemAssigned"
    }
  }
}

resource "azurerm_kubernetes_clustr" "typo" {
  name = "x"
}

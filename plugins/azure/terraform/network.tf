# One resource group and virtual network per commons. Nodes reach the internet through AKS's standard load
# balancer; PostgreSQL sits in a delegated subnet with no public endpoint.
resource "azurerm_resource_group" "commons" {
  name     = "rg-${local.name}-gen3"
  location = var.location
  tags     = local.tags
}

resource "azurerm_virtual_network" "commons" {
  name                = "vnet-${local.name}"
  location            = azurerm_resource_group.commons.location
  resource_group_name = azurerm_resource_group.commons.name
  address_space       = [var.vnet_cidr]
  tags                = local.tags
}

resource "azurerm_subnet" "nodes" {
  name                 = "snet-${local.name}-nodes"
  resource_group_name  = azurerm_resource_group.commons.name
  virtual_network_name = azurerm_virtual_network.commons.name
  address_prefixes     = [local.nodes_cidr]
  service_endpoints    = ["Microsoft.Storage", "Microsoft.KeyVault"]
}

resource "azurerm_subnet" "postgres" {
  name                 = "snet-${local.name}-postgres"
  resource_group_name  = azurerm_resource_group.commons.name
  virtual_network_name = azurerm_virtual_network.commons.name
  address_prefixes     = [local.postgres_cidr]

  delegation {
    name = "postgres-flexible-server"
    service_delegation {
      name    = "Microsoft.DBforPostgreSQL/flexibleServers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

# The Application Gateway needs a subnet of its own (only with the WAF).
resource "azurerm_subnet" "appgateway" {
  count                = var.waf_enabled ? 1 : 0
  name                 = "snet-${local.name}-appgw"
  resource_group_name  = azurerm_resource_group.commons.name
  virtual_network_name = azurerm_virtual_network.commons.name
  address_prefixes     = [local.appgateway_cidr]
}

# AKS with the OIDC issuer and workload identity (the Entra equivalent of IRSA), Entra ID authentication with
# Azure RBAC and no local accounts, Cilium network policy, the managed NGINX ingress (web app routing) or,
# with the WAF, the Application Gateway ingress controller.
resource "azurerm_kubernetes_cluster" "commons" {
  name                = local.name
  location            = azurerm_resource_group.commons.location
  resource_group_name = azurerm_resource_group.commons.name
  dns_prefix          = local.name
  kubernetes_version  = var.kubernetes_version
  sku_tier            = local.tier.aks_sku_tier
  node_resource_group = "rg-${local.name}-gen3-nodes"

  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  local_account_disabled    = true
  # Node images get security patches without Kubernetes version changes.
  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
    tenant_id          = data.azurerm_client_config.current.tenant_id
  }

  identity {
    type = "SystemAssigned"
  }

  default_node_pool {
    name                         = "system"
    vm_size                      = local.tier.node_vm_size
    auto_scaling_enabled         = true
    min_count                    = local.tier.node_min
    max_count                    = local.tier.node_max
    vnet_subnet_id               = azurerm_subnet.nodes.id
    os_sku                       = "AzureLinux"
    os_disk_size_gb              = 128
    only_critical_addons_enabled = false
    temporary_name_for_rotation  = "rotate"

    upgrade_settings {
      max_surge = "33%"
    }
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    load_balancer_sku   = "standard"
  }

  dynamic "api_server_access_profile" {
    for_each = length(var.api_server_authorized_ip_ranges) > 0 ? [1] : []
    content {
      authorized_ip_ranges = var.api_server_authorized_ip_ranges
    }
  }

  dynamic "web_app_routing" {
    for_each = var.waf_enabled ? [] : [1]
    content {
      dns_zone_ids = []
    }
  }

  dynamic "ingress_application_gateway" {
    for_each = var.waf_enabled ? [1] : []
    content {
      gateway_id = azurerm_application_gateway.commons[0].id
    }
  }

  oms_agent {
    log_analytics_workspace_id      = azurerm_log_analytics_workspace.commons.id
    msi_auth_for_monitoring_enabled = true
  }

  tags = local.tags

  lifecycle {
    # The autoscaler owns the node count; AKS upgrades patch versions itself.
    ignore_changes = [default_node_pool[0].node_count, kubernetes_version]
  }
}

# The cluster's own identity manages load balancers and joins nodes to the subnet it did not create.
resource "azurerm_role_assignment" "cluster_subnet" {
  scope                = azurerm_subnet.nodes.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.commons.identity[0].principal_id
}

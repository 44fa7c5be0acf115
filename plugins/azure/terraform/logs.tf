# Log Analytics for the control plane: AKS API server, audit, controller manager, scheduler, autoscaler and
# Entra guard logs; Key Vault audit events; the WAF's firewall log when it is on.
resource "azurerm_log_analytics_workspace" "commons" {
  name                = "log-${local.name}"
  location            = azurerm_resource_group.commons.location
  resource_group_name = azurerm_resource_group.commons.name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = local.tags
}

resource "azurerm_monitor_diagnostic_setting" "aks" {
  name                       = "control-plane-to-log-analytics"
  target_resource_id         = azurerm_kubernetes_cluster.commons.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.commons.id

  dynamic "enabled_log" {
    for_each = ["kube-apiserver", "kube-audit-admin", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "guard"]
    content {
      category = enabled_log.value
    }
  }
}

resource "azurerm_monitor_diagnostic_setting" "key_vault" {
  name                       = "audit-to-log-analytics"
  target_resource_id         = azurerm_key_vault.commons.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.commons.id

  enabled_log {
    category_group = "audit"
  }
}

resource "azurerm_monitor_diagnostic_setting" "waf" {
  count                      = var.waf_enabled ? 1 : 0
  name                       = "waf-to-log-analytics"
  target_resource_id         = azurerm_application_gateway.commons[0].id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.commons.id

  enabled_log {
    category = "ApplicationGatewayFirewallLog"
  }
  enabled_log {
    category = "ApplicationGatewayAccessLog"
  }
}

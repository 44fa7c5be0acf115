# The ingress path. Without the WAF: AKS's managed NGINX (web app routing add-on) behind the cluster's standard
# load balancer. With the WAF: an Application Gateway WAF_v2 with an OWASP 3.2 policy, driven by the AGIC
# add-on (it rewrites listeners, pools and rules from the Ingress, so those are ignored here). TLS in both: the
# revproxy Ingress carries the certificate cert-manager issues through `tls_cluster_issuer`.
resource "azurerm_public_ip" "appgateway" {
  count               = var.waf_enabled ? 1 : 0
  name                = "pip-${local.name}-appgw"
  location            = azurerm_resource_group.commons.location
  resource_group_name = azurerm_resource_group.commons.name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = ["1", "2", "3"]
  tags                = local.tags
}

resource "azurerm_web_application_firewall_policy" "commons" {
  count               = var.waf_enabled ? 1 : 0
  name                = "waf-${local.name}"
  location            = azurerm_resource_group.commons.location
  resource_group_name = azurerm_resource_group.commons.name

  policy_settings {
    enabled = true
    mode    = var.waf_mode
    # Gen3 GraphQL queries and uploads exceed the default inspection limit; larger bodies pass uninspected.
    request_body_check          = true
    max_request_body_size_in_kb = 128
    file_upload_limit_in_mb     = 100
  }

  managed_rules {
    managed_rule_set {
      type    = "OWASP"
      version = "3.2"
    }
  }

  tags = local.tags
}

locals {
  appgw_frontend = "frontend-public"
  appgw_pool     = "default-pool"
  appgw_settings = "default-http"
  appgw_listener = "default-listener"
}

resource "azurerm_application_gateway" "commons" {
  count               = var.waf_enabled ? 1 : 0
  name                = "agw-${local.name}"
  location            = azurerm_resource_group.commons.location
  resource_group_name = azurerm_resource_group.commons.name
  firewall_policy_id  = azurerm_web_application_firewall_policy.commons[0].id
  enable_http2        = true
  zones               = ["1", "2", "3"]

  sku {
    name = "WAF_v2"
    tier = "WAF_v2"
  }

  autoscale_configuration {
    min_capacity = var.size == "large" ? 2 : 1
    max_capacity = 10
  }

  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101"
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = azurerm_subnet.appgateway[0].id
  }

  frontend_ip_configuration {
    name                 = local.appgw_frontend
    public_ip_address_id = azurerm_public_ip.appgateway[0].id
  }

  frontend_port {
    name = "http"
    port = 80
  }

  # A placeholder route: AGIC replaces pools, settings, listeners and rules with the Ingress's.
  backend_address_pool {
    name = local.appgw_pool
  }

  backend_http_settings {
    name                  = local.appgw_settings
    cookie_based_affinity = "Disabled"
    port                  = 80
    protocol              = "Http"
    request_timeout       = 60
  }

  http_listener {
    name                           = local.appgw_listener
    frontend_ip_configuration_name = local.appgw_frontend
    frontend_port_name             = "http"
    protocol                       = "Http"
  }

  request_routing_rule {
    name                       = "default-rule"
    rule_type                  = "Basic"
    priority                   = 20000
    http_listener_name         = local.appgw_listener
    backend_address_pool_name  = local.appgw_pool
    backend_http_settings_name = local.appgw_settings
  }

  tags = local.tags

  lifecycle {
    ignore_changes = [
      backend_address_pool, backend_http_settings, frontend_port, http_listener, probe,
      request_routing_rule, redirect_configuration, ssl_certificate, url_path_map, rewrite_rule_set, tags,
    ]
  }
}

# AGIC's identity manages the gateway and joins its subnet.
resource "azurerm_role_assignment" "agic_gateway" {
  count                = var.waf_enabled ? 1 : 0
  scope                = azurerm_application_gateway.commons[0].id
  role_definition_name = "Contributor"
  principal_id         = azurerm_kubernetes_cluster.commons.ingress_application_gateway[0].ingress_application_gateway_identity[0].object_id
}

resource "azurerm_role_assignment" "agic_resource_group" {
  count                = var.waf_enabled ? 1 : 0
  scope                = azurerm_resource_group.commons.id
  role_definition_name = "Reader"
  principal_id         = azurerm_kubernetes_cluster.commons.ingress_application_gateway[0].ingress_application_gateway_identity[0].object_id
}

resource "azurerm_role_assignment" "agic_subnet" {
  count                = var.waf_enabled ? 1 : 0
  scope                = azurerm_subnet.appgateway[0].id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.commons.ingress_application_gateway[0].ingress_application_gateway_identity[0].object_id
}

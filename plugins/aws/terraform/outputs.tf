# Outputs: the typed hand-off to the Gen3 values renderer. Output names (and the keys inside object
# outputs) are exactly the property names of the manifest's outputs schema, so `terraform output -json`
# is the plugin's outputs event as it is. No output carries a secret value.
output "region" {
  description = "AWS region of the commons."
  value       = var.region
}

output "account_id" {
  description = "AWS account id of the commons."
  value       = local.account_id
}

output "environment" {
  description = "Environment name (global.environment)."
  value       = local.name
}

output "namespace" {
  description = "Kubernetes namespace of the Gen3 chart."
  value       = var.namespace
}

output "hostname" {
  description = "Public hostname, when given."
  value       = var.hostname
}

output "vpc_id" {
  description = "VPC of the commons (the load balancer controller's vpcId)."
  value       = local.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets (nodes, database, search)."
  value       = local.private_subnet_ids
}

output "public_subnet_ids" {
  description = "Public subnets for internet-facing load balancers (empty in an existing VPC unless given)."
  value       = local.public_subnet_ids
}

output "availability_zones" {
  description = "Availability zones of the commons."
  value       = local.availability_zones
}

output "kms_key_arn" {
  description = "The commons' KMS key."
  value       = aws_kms_key.main.arn
}

output "cluster_name" {
  description = "EKS cluster name (global.clusterName)."
  value       = aws_eks_cluster.main.name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = aws_eks_cluster.main.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 PEM of the cluster's certificate authority."
  value       = aws_eks_cluster.main.certificate_authority[0].data
}

output "cluster_security_group_id" {
  description = "Security group of the cluster and its nodes."
  value       = aws_eks_cluster.main.vpc_config[0].cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider of the cluster (IRSA)."
  value       = aws_iam_openid_connect_provider.eks.arn
}

output "oidc_issuer_url" {
  description = "OIDC issuer URL of the cluster."
  value       = aws_eks_cluster.main.identity[0].oidc[0].issuer
}

output "aurora_cluster_identifier" {
  description = "Aurora cluster identifier."
  value       = aws_rds_cluster.main.cluster_identifier
}

output "aurora_writer_endpoint" {
  description = "Aurora writer endpoint (global.postgres.master.host)."
  value       = aws_rds_cluster.main.endpoint
}

output "aurora_reader_endpoint" {
  description = "Aurora reader endpoint."
  value       = aws_rds_cluster.main.reader_endpoint
}

output "aurora_port" {
  description = "Aurora port."
  value       = aws_rds_cluster.main.port
}

output "aurora_master_secret_name" {
  description = "Secrets Manager secret with the Aurora master credentials (global.postgres.externalSecret)."
  value       = aws_secretsmanager_secret.aurora_master.name
}

output "db_secret_names" {
  description = "Secrets Manager secret per database service (<chart>.external_secrets.dbcreds)."
  value       = { for service, secret in aws_secretsmanager_secret.db_creds : service => secret.name }
}

output "opensearch_domain_name" {
  description = "OpenSearch domain name."
  value       = aws_opensearch_domain.main.domain_name
}

output "opensearch_endpoint" {
  description = "OpenSearch VPC endpoint (aws-es-proxy's target)."
  value       = aws_opensearch_domain.main.endpoint
}

output "data_bucket_name" {
  description = "Data bucket."
  value       = aws_s3_bucket.main["data"].bucket
}

output "logs_bucket_name" {
  description = "Logs bucket."
  value       = aws_s3_bucket.main["logs"].bucket
}

output "manifest_bucket_name" {
  description = "Manifest bucket."
  value       = aws_s3_bucket.main["manifest"].bucket
}

output "user_yaml_bucket_name" {
  description = "Bucket holding user.yaml for usersync (not the data upload bucket)."
  value       = aws_s3_bucket.main["useryaml"].bucket
}

output "user_yaml_s3_path" {
  description = "Where usersync reads user.yaml (fence usersync.userYamlS3Path)."
  value       = "s3://${aws_s3_bucket.main["useryaml"].bucket}/user.yaml"
}

output "sqs_queue_urls" {
  description = "Queue URLs: audit, ssjdispatcher."
  value       = { for key, queue in aws_sqs_queue.main : key => queue.url }
}

output "waf_acl_arn" {
  description = "WAFv2 web ACL (global.aws.wafv2.wafAclArn); null without WAF."
  value       = var.waf_enabled ? aws_wafv2_web_acl.main[0].arn : null
}

output "certificate_arn" {
  description = "Validated ACM certificate (global.revproxyArn); null without a hosted zone."
  value       = local.manage_dns ? aws_acm_certificate_validation.main[0].certificate_arn : null
}

output "sqs_queue_names" {
  description = "Queue names: audit, ssjdispatcher."
  value       = { for key, queue in aws_sqs_queue.main : key => queue.name }
}

output "sqs_kms_key_alias" {
  description = "KMS key alias the Gen3 queues are encrypted with."
  value       = aws_kms_alias.main.name
}

output "role_arns" {
  description = "IRSA role per service account (keys: fence, audit, hatchery, manifestservice, ssjdispatcher, ssjdispatcher_job, sower, usersync, aws_es_proxy, external_secrets, load_balancer_controller, ebs_csi_driver, karpenter)."
  value       = { for key, role in aws_iam_role.irsa : key => role.arn }
}

output "role_names" {
  description = "Role name per key of role_arns, for chart values that take a name rather than an ARN (global.aws.hatchery_role, global.aws.sower_role)."
  value       = { for key, role in local.irsa_roles : key => role.name }
}

output "pod_identity_service_accounts" {
  description = "Keys of role_arns whose service account gets its role through an EKS Pod Identity association (no annotation needed): usersync."
  value       = sort([for key, role in local.irsa_roles : key if role.pod_identity])
}

output "eks_addon_versions" {
  description = "Pinned EKS add-on versions (vpc-cni, kube-proxy, coredns, aws-ebs-csi-driver, eks-pod-identity-agent)."
  value       = local.eks_addon_versions
}

output "service_accounts" {
  description = "Kubernetes service account each role trusts (same keys as role_arns)."
  value       = { for key, role in local.irsa_roles : key => { namespace = role.namespace, name = role.service_account } }
}

output "karpenter" {
  description = "Karpenter's AWS side; null when karpenter_enabled is false."
  value = var.karpenter_enabled ? {
    node_role_name          = aws_iam_role.karpenter_node[0].name
    interruption_queue_name = aws_sqs_queue.karpenter_interruption[0].name
    discovery_tag           = local.name
  } : null
}

output "argocd_role_arn" {
  description = "The role the central Argo CD assumes for an EKS token (awsAuthConfig.roleARN); null without argocd_principal_arn."
  value       = local.argocd_enabled ? aws_iam_role.argocd[0].arn : null
}

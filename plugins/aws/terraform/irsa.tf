# IAM roles for service accounts (IRSA): the cluster's OIDC provider, and one role per Gen3 service or
# cluster add-on that calls AWS, each trusted only by its own Kubernetes service account and allowed
# only on this commons' resources. The renderer writes the service-account names and role ARNs from
# the role_arns and service_accounts outputs into the Helm values.
resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
  # No thumbprint: IAM trusts the EKS OIDC endpoint's public CA itself (thumbprint_list is optional).

  tags = { Name = "${local.name}-eks-irsa" }
}

locals {
  oidc_issuer_host = replace(aws_eks_cluster.main.identity[0].oidc[0].issuer, "https://", "")

  # role key (as in the role_arns output) => role name, IAM path and the one service account that may
  # assume it. Names and service accounts are the ones gen3-helm's templates use: the load balancer
  # controller and Karpenter roles as cluster-level-resources annotates them
  # (role/gen3_service/<cluster>--default--ingress, role/<cluster>-karpenter-sa), hatchery's
  # hatchery-service-account, sower's sower-service-account, ssjdispatcher's indexing jobs'
  # ssjdispatcher-job-sa. usersync-job carries no annotation in the chart, so its role is also
  # reached through an EKS Pod Identity association (pod_identity = true).
  irsa_roles = merge(
    {
      fence                    = { name = "${local.name}-${var.namespace}-fence", path = "/", namespace = var.namespace, service_account = "fence-sa", pod_identity = false }
      audit                    = { name = "${local.name}-${var.namespace}-audit", path = "/", namespace = var.namespace, service_account = "audit-service-sa", pod_identity = false }
      hatchery                 = { name = "${local.name}-${var.namespace}-hatchery", path = "/", namespace = var.namespace, service_account = "hatchery-service-account", pod_identity = false }
      manifestservice          = { name = "${local.name}-${var.namespace}-manifestservice", path = "/", namespace = var.namespace, service_account = "manifestservice-sa", pod_identity = false }
      ssjdispatcher            = { name = "${local.name}-${var.namespace}-ssjdispatcher", path = "/", namespace = var.namespace, service_account = "ssjdispatcher-sa", pod_identity = false }
      ssjdispatcher_job        = { name = "${local.name}-${var.namespace}-ssjdispatcher-job", path = "/", namespace = var.namespace, service_account = "ssjdispatcher-job-sa", pod_identity = false }
      sower                    = { name = "${local.name}-${var.namespace}-sower", path = "/", namespace = var.namespace, service_account = "sower-service-account", pod_identity = false }
      usersync                 = { name = "${local.name}-${var.namespace}-usersync", path = "/", namespace = var.namespace, service_account = "usersync-job", pod_identity = true }
      aws_es_proxy             = { name = "${local.name}-${var.namespace}-aws-es-proxy", path = "/", namespace = var.namespace, service_account = "aws-es-proxy-sa", pod_identity = false }
      external_secrets         = { name = "${local.name}-${var.namespace}-external-secrets", path = "/", namespace = var.namespace, service_account = "secret-store-sa", pod_identity = false }
      load_balancer_controller = { name = "${local.name}--default--ingress", path = "/gen3_service/", namespace = "kube-system", service_account = "aws-load-balancer-controller", pod_identity = false }
      ebs_csi_driver           = { name = "${local.name}-ebs-csi-driver", path = "/", namespace = "kube-system", service_account = "ebs-csi-controller-sa", pod_identity = false }
    },
    var.karpenter_enabled ? {
      karpenter = { name = "${local.name}-karpenter-sa", path = "/", namespace = "karpenter", service_account = "karpenter", pod_identity = false }
    } : {},
  )

  irsa_inline_policies = merge(
    {
      fence                    = data.aws_iam_policy_document.fence.json
      audit                    = data.aws_iam_policy_document.audit.json
      hatchery                 = data.aws_iam_policy_document.hatchery.json
      manifestservice          = data.aws_iam_policy_document.manifestservice.json
      ssjdispatcher            = data.aws_iam_policy_document.ssjdispatcher.json
      ssjdispatcher_job        = data.aws_iam_policy_document.ssjdispatcher_job.json
      sower                    = data.aws_iam_policy_document.sower.json
      usersync                 = data.aws_iam_policy_document.usersync.json
      aws_es_proxy             = data.aws_iam_policy_document.aws_es_proxy.json
      external_secrets         = data.aws_iam_policy_document.external_secrets.json
      load_balancer_controller = data.aws_iam_policy_document.load_balancer_controller.json
    },
    var.karpenter_enabled ? { karpenter = data.aws_iam_policy_document.karpenter_controller[0].json } : {},
  )
}

data "aws_iam_policy_document" "irsa_trust" {
  for_each = local.irsa_roles

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer_host}:sub"
      values   = ["system:serviceaccount:${each.value.namespace}:${each.value.service_account}"]
    }
  }

  # EKS Pod Identity: the association below names the namespace and service account; the agent
  # add-on hands the pod this role's credentials.
  dynamic "statement" {
    for_each = each.value.pod_identity ? [1] : []
    content {
      sid     = "EksPodIdentity"
      actions = ["sts:AssumeRole", "sts:TagSession"]
      principals {
        type        = "Service"
        identifiers = ["pods.eks.amazonaws.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [aws_eks_cluster.main.arn]
      }
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each = local.irsa_roles

  name               = each.value.name
  path               = each.value.path
  description        = "IRSA role of ${each.value.namespace}/${each.value.service_account} in commons ${local.name}"
  assume_role_policy = data.aws_iam_policy_document.irsa_trust[each.key].json
}

resource "aws_iam_role_policy" "irsa" {
  for_each = local.irsa_inline_policies

  name   = "${each.key}-access"
  role   = aws_iam_role.irsa[each.key].id
  policy = each.value
}

resource "aws_eks_pod_identity_association" "main" {
  for_each = { for key, role in local.irsa_roles : key => role if role.pod_identity }

  cluster_name    = aws_eks_cluster.main.name
  namespace       = each.value.namespace
  service_account = each.value.service_account
  role_arn        = aws_iam_role.irsa[each.key].arn

  depends_on = [aws_eks_addon.core]
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  role       = aws_iam_role.irsa["ebs_csi_driver"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

# --- Gen3 service policies ---------------------------------------------------------------------

data "aws_iam_policy_document" "fence" {
  statement {
    sid       = "DataBucketObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${aws_s3_bucket.main["data"].arn}/*"]
  }
  statement {
    sid       = "DataBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
    resources = [aws_s3_bucket.main["data"].arn]
  }
  statement {
    sid       = "SendAuditEvents"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.main["audit"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "audit" {
  statement {
    sid       = "ReadAuditEvents"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.main["audit"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

# Workspaces read manifests; pay-model permissions (ECS, roles in other accounts) are not granted.
data "aws_iam_policy_document" "hatchery" {
  statement {
    sid       = "ReadManifests"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.main["manifest"].arn}/*"]
  }
  statement {
    sid       = "ListManifests"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.main["manifest"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "manifestservice" {
  statement {
    sid       = "ManifestObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.main["manifest"].arn}/*"]
  }
  statement {
    sid       = "ManifestBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.main["manifest"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "ssjdispatcher" {
  statement {
    sid       = "ReadUploadEvents"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.main["ssjdispatcher"].arn]
  }
  statement {
    sid       = "ReadUploadedObjects"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.main["data"].arn, "${aws_s3_bucket.main["data"].arn}/*"]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

# The indexing job (indexs3client) ssjdispatcher starts for each upload reads the object to hash it.
data "aws_iam_policy_document" "ssjdispatcher_job" {
  statement {
    sid       = "ReadUploadedObjects"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.main["data"].arn}/*"]
  }
  statement {
    sid       = "DataBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.main["data"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

# Sower's export jobs (pelican-export) write PFB exports to the manifest bucket.
data "aws_iam_policy_document" "sower" {
  statement {
    sid       = "ExportObjects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.main["manifest"].arn}/*"]
  }
  statement {
    sid       = "ManifestBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.main["manifest"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.main.arn]
  }
}

# usersync's awshelper copies user.yaml from its own bucket (never the data upload bucket, where any
# uploader could place a file granting themselves access).
data "aws_iam_policy_document" "usersync" {
  statement {
    sid       = "ReadUserYaml"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.main["useryaml"].arn}/*"]
  }
  statement {
    sid       = "UserYamlBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.main["useryaml"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "aws_es_proxy" {
  statement {
    sid       = "SearchDomain"
    actions   = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete", "es:ESHttpPatch"]
    resources = ["${aws_opensearch_domain.main.arn}/*"]
  }
}

# Read-only on the secrets of this commons' namespace ("<environment>-<namespace>-..."): not the Aurora
# master credentials ("<environment>-aurora-master-password"), which never reach the Gen3 namespace,
# nor any other commons' secrets. It cannot write or list.
data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid       = "ReadNamespaceSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy"]
    resources = ["arn:${local.partition}:secretsmanager:${var.region}:${local.account_id}:secret:${local.name}-${var.namespace}-*"]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

# --- AWS Load Balancer Controller --------------------------------------------------------------
# What the controller (v2.x) calls, written for this module: reads are unrestricted, changes are
# limited to load balancers, target groups and security groups carrying its cluster tag.
data "aws_iam_policy_document" "load_balancer_controller" {
  statement {
    sid       = "CreateElbServiceLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["elasticloadbalancing.amazonaws.com"]
    }
  }

  statement {
    sid = "Describe"
    actions = [
      "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
      "ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:DescribeCoipPools",
      "ec2:DescribeIpamPools", "ec2:DescribeRouteTables", "ec2:GetCoipPoolUsage",
      "ec2:GetSecurityGroupsForVpc",
      "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeSSLPolicies",
      "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTrustStores",
      "elasticloadbalancing:DescribeCapacityReservation",
    ]
    resources = ["*"]
  }

  statement {
    sid = "CertificatesWafShield"
    actions = [
      "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate",
      "iam:ListServerCertificates", "iam:GetServerCertificate",
      "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
      "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
      "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "SecurityGroups"
    actions   = ["ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]
    resources = ["*"]
  }

  statement {
    sid       = "TagNewSecurityGroups"
    actions   = ["ec2:CreateTags"]
    resources = ["arn:${local.partition}:ec2:*:*:security-group/*"]
    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["CreateSecurityGroup"]
    }
    condition {
      test     = "Null"
      variable = "aws:RequestTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid       = "ManageOwnSecurityGroups"
    actions   = ["ec2:CreateTags", "ec2:DeleteTags", "ec2:DeleteSecurityGroup"]
    resources = ["arn:${local.partition}:ec2:*:*:security-group/*"]
    condition {
      test     = "Null"
      variable = "aws:ResourceTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid       = "CreateTaggedLoadBalancers"
    actions   = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"]
    resources = ["*"]
    condition {
      test     = "Null"
      variable = "aws:RequestTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid = "ListenersAndRules"
    actions = [
      "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
      "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
      "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes",
      "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
      "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:SetWebAcl",
    ]
    resources = ["*"]
  }

  statement {
    sid     = "TagOnCreate"
    actions = ["elasticloadbalancing:AddTags"]
    resources = [
      "arn:${local.partition}:elasticloadbalancing:*:*:targetgroup/*/*",
      "arn:${local.partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*",
      "arn:${local.partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*",
    ]
    condition {
      test     = "StringEquals"
      variable = "elasticloadbalancing:CreateAction"
      values   = ["CreateTargetGroup", "CreateLoadBalancer"]
    }
    condition {
      test     = "Null"
      variable = "aws:RequestTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid = "ManageOwnLoadBalancers"
    actions = [
      "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
      "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
      "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
      "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
    ]
    resources = ["*"]
    condition {
      test     = "Null"
      variable = "aws:ResourceTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid       = "Targets"
    actions   = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]
    resources = ["arn:${local.partition}:elasticloadbalancing:*:*:targetgroup/*/*"]
  }
}

# The role the org's central Argo CD assumes to deploy to this cluster (ADR 0029): the deploy registers the
# cluster with awsAuthConfig.roleARN = argocd_role_arn, and Argo CD gets its EKS token as this role. It is
# trusted by the Argo CD principal only (argocd_principal_arn: the role Argo CD runs as, in the CSOC account)
# and granted the cluster by an EKS access entry with cluster-admin scope (Argo CD installs cluster-scoped
# add-ons: CRDs, ClusterRoles, webhooks). It has no IAM policy: an EKS token needs none.
# Without argocd_principal_arn nothing is created and argocd_role_arn is null: Argo CD then uses its own
# identity, which needs an access entry (cluster_admin_principal_arns).

locals {
  argocd_enabled = var.argocd_principal_arn != ""
}

data "aws_iam_policy_document" "argocd_trust" {
  count = local.argocd_enabled ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [var.argocd_principal_arn]
    }
  }
}

resource "aws_iam_role" "argocd" {
  count = local.argocd_enabled ? 1 : 0

  name                 = "${local.name}-argocd"
  description          = "Assumed by the central Argo CD to deploy to EKS cluster ${local.name}"
  assume_role_policy   = data.aws_iam_policy_document.argocd_trust[0].json
  max_session_duration = 3600
}

resource "aws_eks_access_entry" "argocd" {
  count = local.argocd_enabled ? 1 : 0

  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.argocd[0].arn
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "argocd" {
  count = local.argocd_enabled ? 1 : 0

  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.argocd[0].arn
  policy_arn    = "arn:${local.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }

  depends_on = [aws_eks_access_entry.argocd]
}

/**
 * The contract of the simulated world's Amazon ECR registry, as the AWS CLI
 * sees it (not the Docker Engine API: the aws program talks to AWS directly).
 */
export const ECR_ACCOUNT = "123456789012";
export const ECR_REGION = "ap-northeast-2";
export const ECR_HOST = `${ECR_ACCOUNT}.dkr.ecr.${ECR_REGION}.amazonaws.com`;

export interface EcrRepositoryInfo {
  name: string;
  createdAt: number;
  images: { tag: string; digest: string; pushedAt: number; size: number }[];
}

export interface EcrApi {
  readonly host: string;
  /** ecr:GetAuthorizationToken, as `aws ecr get-login-password` prints it. */
  issueToken(now: number): string;
  /** ecr:CreateRepository; null when the name is taken. */
  create(name: string, now: number): EcrRepositoryInfo | null;
  /** ecr:DescribeRepositories with their images. */
  listRepositories(): EcrRepositoryInfo[];
}

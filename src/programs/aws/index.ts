/**
 * A slice of the AWS CLI v2 for the course's registry lessons: the ECR calls a
 * team uses to push its server image (get-login-password, create-repository,
 * describe-repositories, list-images) and `sts get-caller-identity`.
 * It talks to the simulated world's ECR registry, not to the Docker engine.
 */
import { ECR_ACCOUNT, ECR_REGION, type EcrApi, type EcrRepositoryInfo } from "../../engine/api/ecr";
import type { Program } from "../../machine/program";

const VERSION = "aws-cli/2.22.0 Python/3.12.6 Linux/6.8.0-49-generic exe/x86_64.ubuntu.24";

const json = (v: unknown) => `${JSON.stringify(v, null, 4)}\n`;

function usage(extra: string): string {
  return `\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n${extra}\n`;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function repoJson(r: EcrRepositoryInfo, host: string) {
  return {
    repositoryArn: `arn:aws:ecr:${ECR_REGION}:${ECR_ACCOUNT}:repository/${r.name}`,
    registryId: ECR_ACCOUNT,
    repositoryName: r.name,
    repositoryUri: `${host}/${r.name}`,
    createdAt: new Date(r.createdAt).toISOString().replace(/\.\d+Z$/, "+00:00"),
    imageTagMutability: "MUTABLE",
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: "AES256" },
  };
}

export function awsProgram(ecr: EcrApi): Program {
  return async (ctx) => {
    const args = ctx.args;
    if (args[0] === "--version") {
      ctx.stdout(`${VERSION}\n`);
      return 0;
    }
    const [service, op] = args.filter(
      (a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--") && !args[i - 1].includes("=")),
    );
    const region = option(args, "region") ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION ?? ECR_REGION;
    const fail = (code: string, operation: string, message: string) => {
      ctx.stderr(`\nAn error occurred (${code}) when calling the ${operation} operation: ${message}\n`);
      return 254;
    };
    if (!service) {
      ctx.stderr(usage("aws: error: the following arguments are required: command"));
      return 252;
    }
    if (service === "sts" && op === "get-caller-identity") {
      ctx.stdout(
        json({ UserId: "AIDAEXAMPLESTUDENT01", Account: ECR_ACCOUNT, Arn: `arn:aws:iam::${ECR_ACCOUNT}:user/student` }),
      );
      return 0;
    }
    if (service !== "ecr" && service !== "sts") {
      ctx.stderr(
        usage(
          `aws: error: argument command: Invalid choice, valid choices are:\n\necr                                      | sts`,
        ),
      );
      return 252;
    }
    if (region !== ECR_REGION && service === "ecr") {
      // The class account only has a registry in Seoul.
      return fail(
        "UnrecognizedClientException",
        "GetAuthorizationToken",
        "The security token included in the request is invalid.",
      );
    }
    switch (op) {
      case "get-login-password":
        ctx.stdout(`${ecr.issueToken(ctx.clock.now())}\n`);
        return 0;
      case "create-repository": {
        const name = option(args, "repository-name");
        if (!name) {
          ctx.stderr(usage("aws: error: the following arguments are required: --repository-name"));
          return 252;
        }
        if (!/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name) || name.length < 2) {
          return fail(
            "InvalidParameterException",
            "CreateRepository",
            `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`,
          );
        }
        const repo = ecr.create(name, ctx.clock.now());
        if (!repo) {
          return fail(
            "RepositoryAlreadyExistsException",
            "CreateRepository",
            `The repository with name '${name}' already exists in the registry with id '${ECR_ACCOUNT}'`,
          );
        }
        ctx.stdout(json({ repository: repoJson(repo, ecr.host) }));
        return 0;
      }
      case "describe-repositories": {
        const names = option(args, "repository-names")?.split(/[ ,]/).filter(Boolean);
        const all = ecr.listRepositories();
        const repos = all.filter((r) => !names || names.includes(r.name));
        const missing = names?.find((n) => !all.some((r) => r.name === n));
        if (missing)
          return fail(
            "RepositoryNotFoundException",
            "DescribeRepositories",
            `The repository with name '${missing}' does not exist in the registry with id '${ECR_ACCOUNT}'`,
          );
        ctx.stdout(json({ repositories: repos.map((r) => repoJson(r, ecr.host)) }));
        return 0;
      }
      case "list-images":
      case "describe-images": {
        const name = option(args, "repository-name");
        const repo = name ? ecr.listRepositories().find((r) => r.name === name) : undefined;
        if (!name) {
          ctx.stderr(usage("aws: error: the following arguments are required: --repository-name"));
          return 252;
        }
        if (!repo) {
          return fail(
            "RepositoryNotFoundException",
            op === "list-images" ? "ListImages" : "DescribeImages",
            `The repository with name '${name}' does not exist in the registry with id '${ECR_ACCOUNT}'`,
          );
        }
        const entries = repo.images;
        if (op === "list-images")
          ctx.stdout(json({ imageIds: entries.map((e) => ({ imageDigest: e.digest, imageTag: e.tag })) }));
        else
          ctx.stdout(
            json({
              imageDetails: entries.map((e) => ({
                registryId: ECR_ACCOUNT,
                repositoryName: name,
                imageDigest: e.digest,
                imageTags: [e.tag],
                imageSizeInBytes: e.size,
                imagePushedAt: new Date(e.pushedAt).toISOString().replace(/\.\d+Z$/, "+00:00"),
                imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
              })),
            }),
          );
        return 0;
      }
      default:
        ctx.stderr(
          usage(
            `aws: error: argument operation: Invalid choice, valid choices are:\n\ncreate-repository                        | describe-images\ndescribe-repositories                    | get-login-password\nlist-images`,
          ),
        );
        return 252;
    }
  };
}

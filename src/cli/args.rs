//! Command-line arguments (clap derive). Kept apart from the commands so the help text and
//! completions have one source.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Explains AWS PrivateLink and VPC endpoints: which path a request takes, and why it is
/// allowed or blocked.
#[derive(Debug, Parser)]
#[command(name = "linkscope", version, about, long_about = None, after_help = MAIN_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// MODEL file or capture folder to explore (default: the built-in tour).
    #[arg(value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Open the explorer in teaching mode: plain words, each step's lesson, a lab's answers and
    /// problems hidden until `!` (the key T toggles it).
    #[arg(long)]
    pub teach: bool,
    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE
    /// forces it), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

const MAIN_HELP: &str = "\
Examples:
  linkscope                                  the explorer on the built-in tour
  linkscope samples/s3-gateway-endpoint.yaml the explorer on a model file
  linkscope validate my-model.yaml
  linkscope trace my-model.yaml --from i-app --to s3://app-data/x

Exit codes: 0 success (allowed, valid, all passed); 1 blocked, denied or a failed
expectation; 2 bad input (unknown id, unreadable model, bad flag) or output that could not
be written. A closed pipe (`| head`) ends quietly with 0.";

const VALIDATE_HELP: &str = "\
Examples:
  linkscope validate my-model.yaml
  linkscope validate samples/*.yaml --json | jq '.[] | select(.valid | not)'
  linkscope validate captures/          (a folder of AWS CLI captures, imported in memory)

Exit codes: 0 every model is valid (warnings allowed); 2 any is not, or bad input.";

const TRACE_HELP: &str = "\
Examples:
  linkscope trace m.yaml --from i-app --to s3://app-data/reports/x.csv
  linkscope trace m.yaml --from i-app --to https://ssm.us-east-1.amazonaws.com --json | jq .reason
  linkscope trace m.yaml --from 10.0.1.10 --to tcp://db.internal:5432

Exit codes: 0 allowed; 1 blocked or partial; 2 bad input (unknown id, unreadable model, bad flag).";

const TEST_HELP: &str = "\
Examples:
  linkscope test samples/*.yaml
  linkscope test my-model.yaml --json

Exit codes: 0 every expectation holds; 1 any fails; 2 bad input.";

const IMPORT_HELP: &str = "\
Examples:
  linkscope import captures/ -o model.yaml
  linkscope import captures/ | less
  linkscope import captures/ -o model.yaml --force   (replaced atomically: a temporary file, then a rename)
  terraform show -json plan.out > plan.json && linkscope import plan.json -o model.yaml
  linkscope import terraform.tfstate -o model.yaml
  aws configservice select-resource-config --expression 'SELECT *' | linkscope import - -o model.yaml

Exit codes: 0 a model was produced; 2 the input could not be imported or the model not written.";

const POLICY_HELP: &str = "\
Examples:
  linkscope policy eval bucket.json --kind bucket --action s3:GetObject \\
      --resource arn:aws:s3:::app-data/x --context aws:SourceVpce=vpce-1234

Exit codes: 0 allowed; 1 denied; 2 bad input.";

const SCHEMA_HELP: &str = "\
Example:
  linkscope schema > linkscope.schema.json

Exit codes: 0 printed; 2 the output could not be written.";

const COMPLETIONS_HELP: &str = "\
Examples:
  linkscope completions bash > ~/.local/share/bash-completion/completions/linkscope
  linkscope completions zsh > ~/.zfunc/_linkscope

Exit codes: 0 printed; 2 bad input or the output could not be written.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and check models; print errors and warnings with file:line:col.
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// Trace one request from a source to a destination.
    #[command(after_help = TRACE_HELP)]
    Trace(TraceArgs),
    /// Run every model's `expectations`.
    #[command(after_help = TEST_HELP)]
    Test(TestArgs),
    /// Work with IAM policy documents outside any model.
    #[command(subcommand, after_help = POLICY_HELP)]
    Policy(PolicyCommand),
    /// Build a model from saved `aws ec2 describe-*` JSON files.
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Who can reach what: every source to one destination (--to), or one source to every
    /// destination the model offers (--from).
    #[command(
        after_help = "Examples:\n  linkscope reach samples/hub-and-spoke.yaml --to db1 --port 5432\n  linkscope reach samples/cross-account-privatelink.yaml --from i-cons-a\n  linkscope reach model.yaml --to s3://app-data/x --sources subnets --json\n\nExit codes: 0 when it ran (whatever the verdicts), 2 on bad input."
    )]
    Reach(ReachArgs),
    /// What changed between two models, and what that does to the verdicts.
    #[command(
        after_help = "Examples:\n  linkscope diff before.yaml after.yaml\n  linkscope diff capture-monday/ capture-tuesday/ --json\n\nExit codes: 0 no verdict changed, 1 a verdict changed (for a pull-request check), 2 bad input."
    )]
    Diff(DiffArgs),
    /// Draw the topology: accounts, VPCs, AZs, subnets, endpoints, endpoint services, transit
    /// gateways and sites, as SVG, DOT or Mermaid; optionally one trace's path overlaid.
    #[command(
        after_help = "Examples:\n  linkscope draw model.yaml -o topology.svg\n  linkscope draw model.yaml --vpc vpc-app --format mermaid\n  linkscope draw model.yaml --trace i-app vpce-s3 --format dot | dot -Tpng > path.png\n\nExit codes: 0 drawn, 2 bad input (model, --vpc, --trace) or the file could not be written."
    )]
    Draw(DrawArgs),
    /// Show the rule book: how AWS behaves, with sources (the ids steps cite, e.g. GW-6).
    #[command(
        after_help = "Examples:\n  linkscope rules GW-6          one rule, with its AWS sources\n  linkscope rules prefix list   every rule mentioning both words\n  linkscope rules               the sections\n\nExit codes: 0 found, 1 nothing matches."
    )]
    Rules(RulesArgs),
    /// Print the JSON Schema of the model file (for editors).
    #[command(after_help = SCHEMA_HELP)]
    Schema,
    /// Print the read-only AWS capture script (one account, or a whole organization with ROLE).
    #[command(
        after_help = "Examples:\n  linkscope capture-script > capture.sh\n  bash capture.sh aws-capture                                      (this profile's account and region)\n  ROLE=OrganizationAccountAccessRole bash capture.sh aws-capture   (every account and region)\n  linkscope import aws-capture -o model.yaml\n\nExit codes: 0 printed."
    )]
    CaptureScript,
    /// Print a generated large model (for benchmarks; hidden).
    #[command(hide = true, name = "gen-model")]
    GenModel {
        /// Scale: 1 = 10,000 subnets.
        #[arg(long, default_value_t = 1)]
        scale: usize,
    },
    /// Print the manual page (roff; `linkscope man | man -l -`).
    #[command(
        after_help = "Examples:\n  linkscope man | man -l -\n  linkscope man > /usr/local/share/man/man1/linkscope.1\n\nExit codes: 0 printed; 2 the output could not be written."
    )]
    Man,
    /// Print every object id of a model, one a line (used by the shell completions; hidden).
    #[command(hide = true)]
    Ids {
        /// MODEL file or capture folder.
        #[arg(value_name = "MODEL")]
        model: PathBuf,
    },
    /// Print shell completions (bash also completes --from, --to, --vpc and --trace with the
    /// ids of the MODEL on the line).
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("direction").required(true).args(["to", "from"])))]
pub struct ReachArgs {
    /// MODEL file or capture folder.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Trace every source of the model to this destination (any --to form of `trace`).
    #[arg(long)]
    pub to: Option<String>,
    /// Trace this source to every endpoint, endpoint service, bucket and instance of the model.
    #[arg(long)]
    pub from: Option<String>,
    /// With --to: the sources, instances (and instance-connect endpoints for an instance
    /// destination) or one unnamed interface per subnet.
    #[arg(long, value_parser = ["instances", "subnets"], default_value = "instances")]
    pub sources: String,
    /// Destination port (default: per destination).
    #[arg(long)]
    pub port: Option<u16>,
    #[arg(long, value_parser = ["tcp", "udp"])]
    pub protocol: Option<String>,
    /// API action, e.g. s3:PutObject.
    #[arg(long)]
    pub action: Option<String>,
    /// Print one trace summary per row as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The model before: MODEL file or capture folder.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The model after: MODEL file or capture folder.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Print the diff as JSON.
    #[arg(long)]
    pub json: bool,
    /// Trace every query in both models, not only those a change can reach (slow on large
    /// models; the verdict changes are the same).
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct DrawArgs {
    /// MODEL file or capture folder.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_parser = ["svg", "dot", "mermaid"], default_value = "svg")]
    pub format: String,
    /// Draw this VPC only (id or name), with the endpoint services, transit gateways and
    /// sites it connects to.
    #[arg(long, value_name = "VPC")]
    pub vpc: Option<String>,
    /// Overlay the path of the trace from SRC to DST (any --from/--to form of `trace`).
    #[arg(long, num_args = 2, value_names = ["SRC", "DST"])]
    pub trace: Option<Vec<String>>,
    /// Write the drawing to this file (atomically; default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule id (GW-6) or words to search for; none: list the sections.
    pub query: Vec<String>,
    /// Print the matching rules as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// MODEL files or capture folders.
    #[arg(required = true, value_name = "MODEL")]
    pub models: Vec<PathBuf>,
    /// Exit 1 when a model has warnings (and no errors).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print diagnostics as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// MODEL file or capture folder.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Source: instance id or name, subnet id, IPv4 address, or instance-connect endpoint id.
    #[arg(long)]
    pub from: String,
    /// Destination: s3://BUCKET[/KEY], dynamodb://TABLE, https://HOST, HOST[:PORT],
    /// tcp://HOST:PORT, udp://HOST:PORT, IPv4[:PORT], instance, endpoint or endpoint service.
    #[arg(long)]
    pub to: String,
    /// Destination port (default: per destination, usually 443).
    #[arg(long)]
    pub port: Option<u16>,
    /// Protocol.
    #[arg(long, value_parser = ["tcp", "udp"])]
    pub protocol: Option<String>,
    /// The client's ephemeral port, for return traffic through network ACLs.
    #[arg(long)]
    pub source_port: Option<u16>,
    /// API action, e.g. s3:PutObject.
    #[arg(long)]
    pub action: Option<String>,
    /// Resource ARN.
    #[arg(long)]
    pub resource: Option<String>,
    /// Principal ARN the request is signed with (default: the source instance's role).
    #[arg(long)]
    pub principal: Option<String>,
    /// Add or override a policy condition key: KEY=VALUE (repeatable).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// Print the trace as JSON.
    #[arg(long)]
    pub json: bool,
    /// Output format: text (default), json (as --json), markdown (for a ticket), mermaid or
    /// dot (the hops as a graph, for a slide).
    #[arg(long, value_parser = ["text", "json", "markdown", "mermaid", "dot"])]
    pub format: Option<String>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// MODEL files or capture folders.
    #[arg(required = true, value_name = "MODEL")]
    pub models: Vec<PathBuf>,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
    /// Output format: text (default), json (as --json), junit (XML), sarif (2.1.0) or github
    /// (Actions annotations at each failed expectation's line).
    #[arg(long, value_parser = ["text", "json", "junit", "sarif", "github"])]
    pub format: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A folder of AWS CLI JSON captures (flat, or DIR/<account>/<region>/*.json), one JSON
    /// file (AWS CLI output, `terraform show -json`, a .tfstate, AWS Config), or `-` for stdin.
    pub dir: PathBuf,
    /// Write the model here (default: print it to stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Evaluate one policy document for one request (exit 0 allow, 1 deny, 2 bad input).
    #[command(after_help = POLICY_HELP)]
    Eval(PolicyEvalArgs),
}

#[derive(Debug, Args)]
pub struct PolicyEvalArgs {
    /// Policy document (JSON file).
    pub policy: PathBuf,
    /// API action, e.g. s3:GetObject.
    #[arg(long)]
    pub action: String,
    /// Resource ARN, e.g. arn:aws:s3:::bucket/key (or * ).
    #[arg(long)]
    pub resource: String,
    /// Caller: a principal ARN, a 12-digit account id, or `anonymous` (default).
    #[arg(long)]
    pub principal: Option<String>,
    /// Which kind of policy it is: gateway (endpoint), interface (endpoint) or bucket.
    #[arg(long, default_value = "interface")]
    pub kind: String,
    /// Condition key: KEY=VALUE (repeatable; a key given twice has both values).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// Print the evaluation as JSON.
    #[arg(long)]
    pub json: bool,
}

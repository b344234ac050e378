//! Command-line arguments (clap derive). Kept apart from the commands so the help text and
//! completions have one source.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Explains AWS PrivateLink and VPC endpoints: which path a request takes, and why it is
/// allowed or blocked.
#[derive(Debug, Parser)]
#[command(name = "linkscope", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Model file to explore (default: the built-in tour).
    pub model: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and check models; print errors and warnings with file:line:col.
    Validate(ValidateArgs),
    /// Trace one request from a source to a destination.
    Trace(TraceArgs),
    /// Run every model's `expectations`.
    Test(TestArgs),
    /// Work with IAM policy documents outside any model.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Build a model from saved `aws ec2 describe-*` JSON files.
    Import(ImportArgs),
    /// Show the rule book: how AWS behaves, with sources (the ids steps cite, e.g. GW-6).
    #[command(
        after_help = "Examples:\n  linkscope rules GW-6          one rule, with its AWS sources\n  linkscope rules prefix list   every rule mentioning both words\n  linkscope rules               the sections\n\nExit codes: 0 found, 1 nothing matches."
    )]
    Rules(RulesArgs),
    /// Print the JSON Schema of the model file (for editors).
    Schema,
    /// Print a generated large model (for benchmarks; hidden).
    #[command(hide = true, name = "gen-model")]
    GenModel {
        /// Scale: 1 = 10,000 subnets.
        #[arg(long, default_value_t = 1)]
        scale: usize,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
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
    /// Model files.
    #[arg(required = true)]
    pub models: Vec<PathBuf>,
    /// Print diagnostics as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Model file.
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
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Model files.
    #[arg(required = true)]
    pub models: Vec<PathBuf>,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Folder of AWS CLI JSON captures (flat, or DIR/<account>/<region>/*.json).
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

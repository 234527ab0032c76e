# GitOpsFleet service image. Build: docker build -t gitopsfleet .
# Run:   docker run -v gitopsfleet:/var/lib/gitopsfleet -p 8080:8080 gitopsfleet serve --repo https://git.example/fleet.git
# (No Docker engine runs on the development machines: tests/docker/replay-build.sh replays the build stage without
# one, and a test checks every src project is copied below.)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the layer is reused while only sources change. Every project under
# src/ must be listed here: one left out is missing from the restore, and publish --no-restore fails (NETSDK1004).
COPY Directory.Build.props Directory.Packages.props GitOpsFleet.sln ./
COPY src/Policies/GitOpsFleet.Policies.csproj src/Policies/
COPY src/Reconciler/Model/GitOpsFleet.Model.csproj src/Reconciler/Model/
COPY src/Providers/Core/GitOpsFleet.Providers.csproj src/Providers/Core/
COPY src/Providers/LocalNode/GitOpsFleet.Providers.LocalNode.csproj src/Providers/LocalNode/
COPY src/Providers/Ansible/GitOpsFleet.Providers.Ansible.csproj src/Providers/Ansible/
COPY src/Providers/Azure/GitOpsFleet.Providers.Azure.csproj src/Providers/Azure/
COPY src/Reconciler/Loading/GitOpsFleet.Loading.csproj src/Reconciler/Loading/
COPY src/Reconciler/Scripting/GitOpsFleet.Scripting.csproj src/Reconciler/Scripting/
COPY src/Reconciler/ScriptWorker/GitOpsFleet.ScriptWorker.csproj src/Reconciler/ScriptWorker/
COPY src/Reconciler/Forges/GitOpsFleet.Forges.csproj src/Reconciler/Forges/
COPY src/Reconciler/App/GitOpsFleet.Reconciler.csproj src/Reconciler/App/
RUN dotnet restore src/Reconciler/App/GitOpsFleet.Reconciler.csproj --use-current-runtime
COPY src/ src/
# The sample fleet is embedded in the program (gitopsfleet demo).
COPY samples/ samples/
# Ahead-of-time native code (ReadyToRun) for the image's own platform: a command starts without compiling most of
# itself first; an unchanged `plan` measured 0.75x the wall time of the same build without it (docs/PERFORMANCE.md).
RUN dotnet publish src/Reconciler/App/GitOpsFleet.Reconciler.csproj -c Release --no-restore --use-current-runtime --self-contained false \
    -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# git for operators inside the container; Debian's ansible brings ansible-core and the ansible.posix.json callback
# the Ansible provider parses; openssh-client is how Ansible reaches bare-metal hosts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ansible openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gitopsfleet \
 && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /var/lib/gitopsfleet gitopsfleet
WORKDIR /app
COPY --from=build /app ./
# serve listens on loopback unless told otherwise; in a container that is unreachable, so listen on every interface.
# With no AllowedHosts configured, a service bound to all interfaces answers any Host header (docs/service.md).
ENV GITOPSFLEET_HOME=/var/lib/gitopsfleet \
    GITOPSFLEET__URLS=http://0.0.0.0:8080 \
    DOTNET_gcServer=0
# Numeric, so Kubernetes' runAsNonRoot can verify it (deploy/kubernetes/deployment.yaml runs as 10001 too).
USER 10001:10001
VOLUME /var/lib/gitopsfleet
EXPOSE 8080
# The aspnet image has no curl or wget: the program checks itself. Change the URL with the port in GITOPSFLEET__URLS.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/app/gitopsfleet", "healthcheck", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/app/gitopsfleet"]
CMD ["serve"]

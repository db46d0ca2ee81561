using Infra.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Infra.Api.Features.Jobs;

public static class JobsApi
{
    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/jobs").WithTags("Jobs");
        api.MapGet("/{id}", Get).WithName("GetJob").WithSummary("A long run's status, progress (0–1) and, when done, its result or problem.");
        api.MapPost("/{id}/cancel", Cancel).WithName("CancelJob").WithSummary("Cancel a running job.")
            .RequireAuthorization(Auth.Policies.Planner);
    }

    private static Results<Ok<JobDto>, ProblemHttpResult> Get(JobQueue jobs, string id) =>
        jobs.Find(id) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"There is no job {id} (jobs are kept for an hour after they end).");

    private static Results<Accepted<JobDto>, ProblemHttpResult> Cancel(JobQueue jobs, string id)
    {
        if (jobs.Find(id) is null)
        {
            return Problems.NotFound($"There is no job {id}.");
        }

        if (!jobs.Cancel(id))
        {
            return TypedResults.Problem(title: "The job has ended.", detail: "Only a queued or running job can be cancelled.", statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Accepted($"/api/jobs/{id}", jobs.Find(id)!);
    }
}
